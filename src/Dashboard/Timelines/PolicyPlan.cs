namespace Dashboard.Timelines;

/// <summary>The plan that covers a policy request, as providers see it.</summary>
/// <param name="EffectiveSunsetAt">The sunset for this consumer: the plan's, or a granted extension's.</param>
public sealed record PolicyPlan(
    int Id,
    string Title,
    string Status,
    IReadOnlyList<int> RetiredVariations,
    string? ApiVersionFrom,
    string? ApiVersionBelow,
    IReadOnlyList<string> ClientTypes,
    DateTime? AnnounceAt,
    DateTime DeprecationAt,
    DateTime SunsetAt,
    DateTime EffectiveSunsetAt,
    string? MigrationGuideUrl);
