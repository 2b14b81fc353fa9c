using Dashboard.Data.Entities;

namespace Dashboard.Timelines;

/// <summary>A plan as lists, the timeline and the calendar show it; the status is the one its dates give now.</summary>
public sealed record PlanSummary(
    int Id,
    string Title,
    string FlagKey,
    PlanStatus Status,
    IReadOnlyList<int> RetiredVariations,
    string? ApiVersionFrom,
    string? ApiVersionBelow,
    IReadOnlyList<string> ClientTypes,
    DateTime? AnnounceAt,
    DateTime DeprecationAt,
    DateTime SunsetAt,
    string? Owner,
    IReadOnlyList<PlanBrownout> Brownouts,
    int Extensions);
