namespace Dashboard.Data.Entities;

/// <summary>An email to the consumers affected by a plan, sent now or at a scheduled time; one outbox message per recipient.</summary>
public sealed class Campaign
{
    public int Id { get; set; }

    public int PlanId { get; set; }

    public DeprecationPlan? Plan { get; set; }

    public int TemplateId { get; set; }

    public NotificationTemplate? Template { get; set; }

    public required string Name { get; set; }

    public AudienceFilter Audience { get; set; } = new();

    public CampaignStatus Status { get; set; }

    /// <summary>Reminder stage such as <c>sunset-30d</c> for automatic reminders; null for campaigns started by a person.</summary>
    public string? Stage { get; set; }

    /// <summary>A service notice goes to every contact, even unsubscribed ones (the final sunset notice, when configured).</summary>
    public bool IsServiceNotice { get; set; }

    public DateTime? ScheduledAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime? CompletedAt { get; set; }
}
