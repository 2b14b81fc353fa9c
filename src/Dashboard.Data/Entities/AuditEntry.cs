namespace Dashboard.Data.Entities;

/// <summary>One change made through the UI or the API: who, when, what, and the state before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>User name, or <c>key:&lt;prefix&gt;</c> for API keys, or <c>system</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>A dotted verb such as <c>user.created</c> or <c>apikey.revoked</c>.</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public string? EntityId { get; set; }

    public string? Summary { get; set; }

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }
}
