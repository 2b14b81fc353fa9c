namespace Dashboard.Auditing;

/// <summary>One field an audited change touched: its path (<c>Brownouts[0].StartsAt</c>) and its value before and after, as text; null where absent.</summary>
public sealed record AuditFieldChange(string Field, string? Before, string? After);
