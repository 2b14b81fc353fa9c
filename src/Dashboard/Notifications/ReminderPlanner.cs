using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Automatic reminders before each sunset (stages <c>sunset-90d</c>, <c>sunset-30d</c>, … from
/// <c>Notifications:ReminderOffsetsDays</c>) and before each brownout. The audience is recomputed on every run, so
/// consumers that migrated get nothing; a consumer's extension moves its own schedule; each (plan, consumer, contact,
/// stage) is messaged at most once, guaranteed by a unique index on the outbox. A consumer gets only its latest due
/// stage: one that starts watching 20 days before the sunset gets the 30-day reminder, not the 90-day one as well.
/// </summary>
public sealed partial class ReminderPlanner(
    IDbContextFactory<DashboardDbContext> dbFactory,
    CampaignAudience audience,
    OutboxWriter outboxWriter,
    AuditLog auditLog,
    IOptions<NotificationOptions> options,
    TimeProvider timeProvider,
    ILogger<ReminderPlanner> logger)
{
    private const string Actor = "reminders";

    /// <summary>Queues every reminder that is due now; returns the number of messages queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        List<PlanToRemind> plans;
        Dictionary<string, NotificationTemplate> templates;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            plans = await db.DeprecationPlans.AsNoTracking()
                .Where(p => p.Status == PlanStatus.Announced || p.Status == PlanStatus.Deprecated)
                .Where(p => p.SunsetAt > now || p.Extensions.Any(e => e.SunsetAt > now))
                .Select(p => new PlanToRemind(p.Id, p.Brownouts.Where(b => b.StartsAt > now).Select(b => new BrownoutToRemind(b.Id, b.StartsAt, b.EndsAt)).ToList()))
                .ToListAsync(cancellationToken);
            templates = await db.NotificationTemplates.AsNoTracking()
                .Where(t => t.Key == DefaultTemplates.ReminderKey || t.Key == DefaultTemplates.FinalNoticeKey)
                .ToDictionaryAsync(t => t.Key, cancellationToken);
        }

        var queued = 0;
        foreach (var plan in plans)
        {
            queued += await RemindAsync(plan, templates, now, cancellationToken);
        }

        return queued;
    }

    /// <summary>The stage due for a consumer whose sunset is <paramref name="sunset"/>, or null when none is.</summary>
    public static int? DueOffset(IReadOnlyList<int> offsetsDescending, DateTime sunset, DateTime now) =>
        now >= sunset ? null : offsetsDescending.Where(days => now >= sunset.AddDays(-days)).Select(days => (int?)days).LastOrDefault();

    /// <summary>
    /// The campaign's name says which stage it is and, when it goes out late (a plan announced with less notice than the
    /// stage), how many days were really left, so the name agrees with the "N days left" its emails say.
    /// </summary>
    public static string StageName(int stageDays, bool isFinal, int daysLeft)
    {
        var stage = isFinal ? $"Final notice ({Days(stageDays)} before sunset)" : $"Reminder {Days(stageDays)} before sunset";
        return daysLeft < stageDays ? $"{stage}, sent {Days(Math.Max(daysLeft, 0))} before" : stage;

        static string Days(int n) => string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? "day" : "days")}");
    }

    public static string SunsetStage(int days) => string.Create(CultureInfo.InvariantCulture, $"sunset-{days}d");

    public static string BrownoutStage(int brownoutId) => string.Create(CultureInfo.InvariantCulture, $"brownout-{brownoutId}");

    private async Task<int> RemindAsync(PlanToRemind plan, Dictionary<string, NotificationTemplate> templates, DateTime now, CancellationToken cancellationToken)
    {
        var offsets = options.Value.EffectiveReminderOffsets;
        var finalOffset = offsets[^1];
        var finalAsServiceNotice = options.Value.FinalNoticeAsServiceNotice;
        var regular = await audience.ResolveAsync(plan.Id, null, isServiceNotice: false, cancellationToken);
        if (regular is null || (regular.Recipients.Count == 0 && regular.Excluded.Count == 0))
        {
            return 0;
        }

        var queued = 0;
        var byOffset = regular.Recipients.Select(r => r.Consumer).Concat(regular.Excluded.Select(e => e.Consumer))
            .DistinctBy(c => c.ConsumerId)
            .GroupBy(c => DueOffset(offsets, c.ExtendedSunsetAt ?? regular.Plan.SunsetAt, now))
            .Where(g => g.Key is not null);
        foreach (var group in byOffset)
        {
            var days = group.Key!.Value;
            var isFinal = days == finalOffset;
            var consumerIds = group.Select(c => c.ConsumerId).ToHashSet();
            var source = isFinal && finalAsServiceNotice
                ? await audience.ResolveAsync(plan.Id, null, isServiceNotice: true, cancellationToken) ?? regular
                : regular;
            var stageAudience = Narrow(source, r => consumerIds.Contains(r));
            var templateKey = isFinal ? DefaultTemplates.FinalNoticeKey : DefaultTemplates.ReminderKey;
            var name = StageName(days, isFinal, TemplateModelFactory.DaysBetween(now, regular.Plan.SunsetAt));
            queued += await QueueStageAsync(plan.Id, SunsetStage(days), name, templates, templateKey, isFinal && finalAsServiceNotice, stageAudience, null, cancellationToken);
        }

        var brownoutDays = options.Value.BrownoutReminderDays;
        foreach (var brownout in plan.Brownouts.Where(b => brownoutDays > 0 && now >= b.StartsAt.AddDays(-brownoutDays)))
        {
            // A consumer granted a sunset after the brownout has more time; the brownout is not its deadline.
            var stageAudience = Narrow(regular, id => !HasExtensionBeyond(regular, id, brownout.EndsAt));
            var name = $"Brownout reminder ({brownout.StartsAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)";
            queued += await QueueStageAsync(plan.Id, BrownoutStage(brownout.Id), name, templates, DefaultTemplates.ReminderKey, false, stageAudience, new BrownoutModel(brownout.StartsAt, brownout.EndsAt), cancellationToken);
        }

        return queued;
    }

    private async Task<int> QueueStageAsync(
        int planId,
        string stage,
        string name,
        Dictionary<string, NotificationTemplate> templates,
        string templateKey,
        bool isServiceNotice,
        AudienceResult stageAudience,
        BrownoutModel? brownout,
        CancellationToken cancellationToken)
    {
        if (stageAudience.Recipients.Count == 0 && stageAudience.Excluded.Count == 0)
        {
            return 0;
        }

        if (!templates.TryGetValue(templateKey, out var template) || TemplateRenderer.Compile(CampaignService.SourceOf(template)) is not { Succeeded: true } compilation)
        {
            LogTemplateUnusable(logger, templateKey, planId, stage);
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.PlanId == planId && c.Stage == stage, cancellationToken);
        if (campaign?.Status == CampaignStatus.Cancelled)
        {
            return 0;
        }

        if (campaign is null)
        {
            campaign = new Campaign
            {
                PlanId = planId,
                TemplateId = template.Id,
                Name = name,
                Stage = stage,
                IsServiceNotice = isServiceNotice,
                Status = CampaignStatus.Sending,
                CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
                CreatedBy = Actor,
            };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync(cancellationToken);
        }

        OutboxWriteResult written;
        try
        {
            written = await outboxWriter.AddAsync(db, campaign, compilation.Template!, stageAudience, brownout, cancellationToken);
        }
        catch (TemplateRenderException exception)
        {
            // One template over a bound must not block the other plans' reminders; this stage is retried next round.
            await transaction.RollbackAsync(cancellationToken);
            LogTemplateFailed(logger, templateKey, planId, stage, exception.Part, exception.Message);
            return 0;
        }

        if (written.Queued + written.Suppressed == 0)
        {
            // Everyone due already has this stage; leave no empty campaign behind.
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        if (written.Queued > 0)
        {
            campaign.Status = CampaignStatus.Sending;
            campaign.CompletedAt = null;
        }

        auditLog.Record(db, Actor, "campaign.reminder", nameof(Campaign), campaign.Id.ToString(CultureInfo.InvariantCulture),
            $"{name} for plan {planId}: {written.Queued} messages queued, {written.Suppressed} contacts excluded");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written.Queued;
    }

    private static AudienceResult Narrow(AudienceResult audience, Func<int, bool> includeConsumer) => audience with
    {
        Recipients = audience.Recipients.Where(r => includeConsumer(r.Consumer.ConsumerId)).ToList(),
        Excluded = audience.Excluded.Where(e => includeConsumer(e.Consumer.ConsumerId)).ToList(),
    };

    private static bool HasExtensionBeyond(AudienceResult audience, int consumerId, DateTime endsAt) =>
        audience.Recipients.Select(r => r.Consumer).Concat(audience.Excluded.Select(e => e.Consumer))
            .Any(c => c.ConsumerId == consumerId && c.ExtendedSunsetAt > endsAt);

    private sealed record PlanToRemind(int Id, List<BrownoutToRemind> Brownouts);

    private sealed record BrownoutToRemind(int Id, DateTime StartsAt, DateTime EndsAt);

    [LoggerMessage(EventId = 820, Level = LogLevel.Warning, Message = "Template '{TemplateKey}' is missing or has errors; reminder {Stage} of plan {PlanId} not sent. Fix the template on the Notifications page.")]
    private static partial void LogTemplateUnusable(ILogger logger, string templateKey, int planId, string stage);

    [LoggerMessage(EventId = 821, Level = LogLevel.Warning, Message = "Template '{TemplateKey}' failed in {Part} ({Reason}); reminder {Stage} of plan {PlanId} not sent. Fix the template on the Notifications page.")]
    private static partial void LogTemplateFailed(ILogger logger, string templateKey, int planId, string stage, TemplatePart part, string reason);
}
