using Dashboard.Data.Entities;

namespace Dashboard.Timelines;

/// <summary>The plan as the audit log records it before and after a change.</summary>
internal sealed record PlanAuditSnapshot(
    string Title,
    string? ApiVersionFrom,
    string? ApiVersionBelow,
    IReadOnlyList<string> ClientTypes,
    DateTime? AnnounceAt,
    DateTime DeprecationAt,
    DateTime SunsetAt,
    string? MigrationGuideUrl,
    string? Owner,
    string Status,
    IReadOnlyList<string> Brownouts)
{
    public static PlanAuditSnapshot Of(DeprecationPlan plan) => new(
        plan.Title,
        plan.ApiVersionFrom,
        plan.ApiVersionBelow,
        [.. plan.ClientTypes],
        plan.AnnounceAt,
        plan.DeprecationAt,
        plan.SunsetAt,
        plan.MigrationGuideUrl,
        plan.Owner,
        plan.Status.ToString(),
        plan.Brownouts.OrderBy(b => b.StartsAt).Select(b => $"{b.StartsAt:O}/{b.EndsAt:O}{(b.OnlyLaggards ? " laggards" : "")}").ToList());
}
