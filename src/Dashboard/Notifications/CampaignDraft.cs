using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>What a person chooses for a new campaign; <paramref name="ScheduledAt"/> null means send now.</summary>
public sealed record CampaignDraft(int PlanId, int TemplateId, string Name, AudienceFilter Audience, bool IsServiceNotice = false, DateTime? ScheduledAt = null);
