namespace Dashboard.Ingest;

/// <summary>A page of a key list, sorted on the server. <see cref="SortBy"/> is a column name such as <c>name</c> or <c>lastUsed</c>.</summary>
public sealed record KeyListQuery(int Page, int PageSize, string? SortBy, bool Descending);
