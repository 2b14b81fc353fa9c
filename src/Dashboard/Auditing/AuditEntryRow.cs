namespace Dashboard.Auditing;

/// <summary>An audit entry as the audit log lists it.</summary>
public sealed record AuditEntryRow(long Id, DateTime At, string Actor, string Action, string EntityType, string? EntityId, string? Summary, string? BeforeJson, string? AfterJson);
