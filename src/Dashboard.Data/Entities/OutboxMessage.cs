namespace Dashboard.Data.Entities;

/// <summary>
/// One rendered email to one recipient. The dispatcher leases pending rows, sends them and records the outcome, so a
/// crash never loses a message and a restart resumes.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public int? CampaignId { get; set; }

    public int PlanId { get; set; }

    public int ConsumerId { get; set; }

    public int? ContactId { get; set; }

    /// <summary>Reminder stage or campaign stage; with plan and contact it makes each reminder go out at most once.</summary>
    public string? Stage { get; set; }

    public required string ToAddress { get; set; }

    public string? ToName { get; set; }

    public required string Subject { get; set; }

    public required string HtmlBody { get; set; }

    public required string TextBody { get; set; }

    /// <summary>Deterministic <c>Message-ID</c> (from campaign and contact), so a resend after a crash is recognisable as the same message.</summary>
    public required string MessageId { get; set; }

    public string? UnsubscribeUrl { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }
}
