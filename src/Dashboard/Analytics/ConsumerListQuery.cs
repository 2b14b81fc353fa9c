namespace Dashboard.Analytics;

/// <summary>A page of the consumers list. <paramref name="LegacyOnly"/> and <paramref name="VersionProblemsOnly"/> look at the last 7 days.</summary>
public sealed record ConsumerListQuery(
    string? Search = null,
    bool LegacyOnly = false,
    bool VersionProblemsOnly = false,
    ConsumerSort Sort = ConsumerSort.Key,
    bool Descending = false,
    int Page = 0,
    int PageSize = 25);
