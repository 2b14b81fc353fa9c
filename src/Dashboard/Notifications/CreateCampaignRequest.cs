namespace Dashboard.Notifications;

/// <summary>Body of <c>POST /api/v1/campaigns</c>: the template by id or key; no <c>scheduledAt</c> means send now.</summary>
public sealed record CreateCampaignRequest(
    int? PlanId,
    int? TemplateId,
    string? TemplateKey,
    string? Name,
    AudienceRequest? Audience,
    bool IsServiceNotice = false,
    DateTimeOffset? ScheduledAt = null);
