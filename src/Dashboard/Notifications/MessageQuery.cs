using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>Which outbox messages to list: narrowed by campaign, consumer, plan and status; newest first unless oldest is asked.</summary>
public sealed record MessageQuery(
    int? CampaignId = null,
    int? ConsumerId = null,
    int? PlanId = null,
    OutboxStatus? Status = null,
    int Page = 0,
    int PageSize = 25,
    bool OldestFirst = false);
