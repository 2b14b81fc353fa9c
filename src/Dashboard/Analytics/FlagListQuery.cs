namespace Dashboard.Analytics;

/// <summary>A page of the flags list: search text (key or name), sort column and direction, zero-based page.</summary>
public sealed record FlagListQuery(string? Search = null, FlagSort Sort = FlagSort.Key, bool Descending = false, int Page = 0, int PageSize = 25);
