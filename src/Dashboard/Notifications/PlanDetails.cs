using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>What messages about a plan need to know of it, loaded once per campaign.</summary>
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
    VersionScheme ApiVersionScheme);
