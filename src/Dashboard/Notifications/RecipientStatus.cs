using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>One message of a campaign or of a history: to whom, its state and the server's last reply.</summary>
public sealed record RecipientStatus(
    long Id,
    int? CampaignId,
    string? CampaignName,
    int PlanId,
    int ConsumerId,
    string ConsumerName,
    string ToAddress,
    string? ToName,
    string Subject,
    string? Stage,
    OutboxStatus Status,
    int Attempts,
    string? LastError,
    DateTime CreatedAt,
    DateTime? SentAt,
    DateTime? NextAttemptAt,
    string MessageId);
