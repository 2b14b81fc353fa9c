using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>A campaign with its per-status message counts.</summary>
public sealed record CampaignProgress(
    int Id,
    string Name,
    int PlanId,
    string PlanTitle,
    int EnvironmentId,
    int TemplateId,
    string TemplateName,
    CampaignStatus Status,
    string? Stage,
    bool IsServiceNotice,
    DateTime? ScheduledAt,
    DateTime CreatedAt,
    string? CreatedBy,
    DateTime? CompletedAt,
    int Total,
    int Pending,
    int Sending,
    int Sent,
    int Failed,
    int Suppressed,
    int Cancelled)
{
    /// <summary>Messages that reached a final state, as a share of those that were to be sent (0–100).</summary>
    public double PercentDone
    {
        get
        {
            var toSend = Total - Suppressed;
            return toSend == 0 ? 100 : 100.0 * (Sent + Failed + Cancelled) / toSend;
        }
    }
}
