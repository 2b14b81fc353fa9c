namespace Dashboard.Data.Entities;

/// <summary>An address that must not receive deprecation mail: for one plan (unsubscribe) or for all (PlanId null).</summary>
public sealed class Suppression
{
    public int Id { get; set; }

    public required string Email { get; set; }

    public int? PlanId { get; set; }

    /// <summary><c>unsubscribed</c>, <c>bounced</c> or <c>manual</c>.</summary>
    public required string Reason { get; set; }

    public DateTime CreatedAt { get; set; }
}
