namespace Dashboard.Auditing;

/// <summary>Filter and page of the audit log. Text filters match anywhere, case-insensitively; dates are UTC bounds.</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, DateTime? FromUtc = null, DateTime? ToUtc = null, int Page = 0, int PageSize = 25, bool OldestFirst = false);
