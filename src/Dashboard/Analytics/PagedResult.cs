namespace Dashboard.Analytics;

/// <summary>One page of a server-side paged list and the number of rows across all pages.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);
