using Dashboard.Data.Entities;
using Dashboard.Timelines;

namespace Dashboard.Notifications;

/// <summary>What messages about a plan need to know of it, loaded once per campaign.</summary>
/// <param name="Variations">All variations of the plan's flag, with the indexes the plan retires in <paramref name="RetiredVariations"/>.</param>
public sealed record PlanDetails(
    int Id,
    int EnvironmentId,
    string Title,
    string FlagKey,
    string FlagName,
    PlanStatus Status,
    DateTime? AnnounceAt,
    DateTime DeprecationAt,
    DateTime SunsetAt,
    string? MigrationGuideUrl,
    VersionScheme ApiVersionScheme,
    IReadOnlyList<int> RetiredVariations,
    IReadOnlyList<PlanVariation> Variations,
    string? ApiVersionFrom,
    string? ApiVersionBelow,
    IReadOnlyList<string> ClientTypes);
