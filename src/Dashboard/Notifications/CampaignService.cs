using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Dashboard.Timelines;
using Dashboard.Validation;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Notifications;

/// <summary>
/// Campaigns from preview to outbox. Starting a campaign resolves its audience at that moment and writes the campaign
/// change and every outbox message in one transaction, so a campaign is either fully queued or not at all: a template
/// that fails or exceeds a bound for any recipient refuses the whole campaign.
/// </summary>
public sealed partial class CampaignService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    CampaignAudience audience,
    OutboxWriter outboxWriter,
    TemplateRenderer renderer,
    AuditLog auditLog,
    OutboxSignal outboxSignal,
    TimeProvider timeProvider,
    ILogger<CampaignService> logger)
{
    public const int SampleSize = 10;
    public const int MaxNameLength = 200;

    /// <exception cref="FieldErrorsException">The draft names a missing plan or template, or has invalid fields.</exception>
    public async Task<CampaignPreview> PreviewAsync(CampaignDraft draft, CancellationToken cancellationToken = default)
    {
        var template = await ValidateAsync(draft, cancellationToken);
        var result = await audience.ResolveAsync(draft.PlanId, draft.Audience, draft.IsServiceNotice, cancellationToken)
            ?? throw PlanMissing(draft.PlanId);
        var sample = result.Recipients.Take(SampleSize).ToList();
        RenderedMessage? sampleMessage;
        try
        {
            sampleMessage = sample.Count == 0
                ? null
                : renderer.Render(template, TemplateModelFactory.Create(
                    // The example is read on the page: it carries no working unsubscribe link of the real contact.
                    result.Plan, sample[0], TemplateModelFactory.PreviewUnsubscribeUrl, null, timeProvider.GetUtcNow().UtcDateTime));
        }
        catch (TemplateRenderException exception)
        {
            throw TemplateFailed(exception);
        }

        return new CampaignPreview(
            result.Recipients.Count,
            result.Recipients.Select(r => r.Consumer.ConsumerId).Distinct().Count(),
            sample,
            result.Excluded,
            result.ConsumersWithoutContacts.Select(c => c.DisplayName).ToList(),
            sampleMessage);
    }

    /// <summary>Creates the campaign; without a schedule it is started at once (audience resolved now, messages queued).</summary>
    /// <exception cref="FieldErrorsException">The draft is invalid; nothing is stored.</exception>
    public async Task<int> CreateAsync(CampaignDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var template = await ValidateAsync(draft, cancellationToken);
        var sendNow = draft.ScheduledAt is null;
        var recipients = sendNow
            ? await audience.ResolveAsync(draft.PlanId, draft.Audience, draft.IsServiceNotice, cancellationToken) ?? throw PlanMissing(draft.PlanId)
            : null;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = new Campaign
        {
            PlanId = draft.PlanId,
            TemplateId = draft.TemplateId,
            Name = draft.Name.Trim(),
            Audience = draft.Audience,
            IsServiceNotice = draft.IsServiceNotice,
            ScheduledAt = draft.ScheduledAt,
            Status = sendNow ? CampaignStatus.Sending : CampaignStatus.Scheduled,
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
        };
        db.Campaigns.Add(campaign);
        // The campaign id is part of every Message-ID, so it is needed before the messages are written.
        await db.SaveChangesAsync(cancellationToken);

        var summary = $"Campaign '{campaign.Name}' for plan {campaign.PlanId} scheduled for {draft.ScheduledAt:u}";
        if (recipients is not null)
        {
            OutboxWriteResult written;
            try
            {
                written = await outboxWriter.AddAsync(db, campaign, template, recipients, null, cancellationToken);
            }
            catch (TemplateRenderException exception)
            {
                // Disposing the transaction uncommitted rolls the campaign row back: nothing is half-stored.
                LogCampaignRefused(logger, campaign.Name, campaign.PlanId, exception.Part, exception.Message);
                throw TemplateFailed(exception);
            }

            CompleteIfEmpty(campaign, written);
            summary = Started(campaign, written);
        }

        auditLog.Record(db, actor, "campaign.create", nameof(Campaign), campaign.Id.ToString(CultureInfo.InvariantCulture), summary, after: new { draft.PlanId, draft.TemplateId, campaign.Name, draft.Audience, draft.IsServiceNotice, draft.ScheduledAt });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Notify();
        return campaign.Id;
    }

    /// <summary>Starts a scheduled campaign whose time has come; false when it is not due, not scheduled or already started.</summary>
    public async Task<bool> StartScheduledAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.Include(c => c.Template).SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is not { Status: CampaignStatus.Scheduled } || campaign.ScheduledAt > now)
        {
            return false;
        }

        var compilation = TemplateRenderer.Compile(SourceOf(campaign.Template!));
        var recipients = await audience.ResolveAsync(campaign.PlanId, campaign.Audience, campaign.IsServiceNotice, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!compilation.Succeeded || recipients is null)
        {
            campaign.Status = CampaignStatus.Cancelled;
            campaign.CompletedAt = now;
            var reason = recipients is null ? "its plan no longer exists" : "its template has errors: " + string.Join("; ", compilation.Errors);
            auditLog.Record(db, "scheduler", "campaign.cancel", nameof(Campaign), campaign.Id.ToString(CultureInfo.InvariantCulture), $"Scheduled campaign '{campaign.Name}' not started: {reason}");
        }
        else
        {
            campaign.Status = CampaignStatus.Sending;
            try
            {
                var written = await outboxWriter.AddAsync(db, campaign, compilation.Template!, recipients, null, cancellationToken);
                CompleteIfEmpty(campaign, written);
                auditLog.Record(db, "scheduler", "campaign.start", nameof(Campaign), campaign.Id.ToString(CultureInfo.InvariantCulture), Started(campaign, written));
            }
            catch (TemplateRenderException exception)
            {
                // Rendering finishes before any row is inserted, so cancelling leaves no messages behind.
                LogCampaignRefused(logger, campaign.Name, campaign.PlanId, exception.Part, exception.Message);
                campaign.Status = CampaignStatus.Cancelled;
                campaign.CompletedAt = now;
                auditLog.Record(db, "scheduler", "campaign.cancel", nameof(Campaign), campaign.Id.ToString(CultureInfo.InvariantCulture),
                    $"Scheduled campaign '{campaign.Name}' not started: its template failed: {exception.Part}: {exception.Message}");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return campaign.Status != CampaignStatus.Cancelled;
    }

    /// <summary>Cancels the messages not yet sent (messages in flight finish) and a campaign that has not started.</summary>
    public async Task<int> CancelAsync(int campaignId, string actor, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || campaign.Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
        {
            return 0;
        }

        var cancelled = await db.OutboxMessages
            .Where(m => m.CampaignId == campaignId && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Cancelled).SetProperty(m => m.LastError, "cancelled by " + actor), cancellationToken);
        campaign.Status = CampaignStatus.Cancelled;
        campaign.CompletedAt = now;
        auditLog.Record(db, actor, "campaign.cancel", nameof(Campaign), campaignId.ToString(CultureInfo.InvariantCulture), $"Campaign '{campaign.Name}' cancelled; {cancelled} unsent messages cancelled");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return cancelled;
    }

    /// <summary>Queues the failed messages again with a fresh attempt count.</summary>
    public async Task<int> RetryFailedAsync(int campaignId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || campaign.Status == CampaignStatus.Cancelled)
        {
            return 0;
        }

        var retried = await db.OutboxMessages
            .Where(m => m.CampaignId == campaignId && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, (DateTime?)null), cancellationToken);
        if (retried > 0)
        {
            campaign.Status = CampaignStatus.Sending;
            campaign.CompletedAt = null;
            auditLog.Record(db, actor, "campaign.retry", nameof(Campaign), campaignId.ToString(CultureInfo.InvariantCulture), $"{retried} failed messages of campaign '{campaign.Name}' queued again");
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Notify();
        return retried;
    }

    public static TemplateSource SourceOf(NotificationTemplate template) => new(template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate);

    private async Task<CompiledTemplate> ValidateAsync(CampaignDraft draft, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add("name", "Give the campaign a name.");
        }
        else if (TextRules.TextProblem(draft.Name.Trim(), MaxNameLength) is { } problem)
        {
            errors.Add("name", $"The name {problem}.");
        }

        if (draft.ScheduledAt is { } scheduledAt && scheduledAt <= timeProvider.GetUtcNow().UtcDateTime)
        {
            errors.Add("scheduledAt", "The scheduled time must be in the future; leave it empty to send now.");
        }

        var plan = await audience.GetPlanAsync(draft.PlanId, cancellationToken);
        if (plan is null)
        {
            errors.Add("planId", $"Plan {draft.PlanId} does not exist.");
        }
        else if (PlanSchedule.EmailRefusal(plan.Status) is { } refusal)
        {
            errors.Add("planId", $"Plan '{plan.Title}' {refusal}");
        }
        else
        {
            AddVersionError(errors, "audience.apiVersionFrom", draft.Audience.ApiVersionFrom, plan);
            AddVersionError(errors, "audience.apiVersionBelow", draft.Audience.ApiVersionBelow, plan);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.NotificationTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == draft.TemplateId, cancellationToken);
        CompiledTemplate? compiled = null;
        if (template is null)
        {
            errors.Add("templateId", $"Template {draft.TemplateId} does not exist.");
        }
        else
        {
            // Rendering against the sample also finds a template stored before the renderer's bounds that now exceeds one.
            var problems = renderer.Validate(SourceOf(template), TemplateModelFactory.Sample(timeProvider.GetUtcNow().UtcDateTime));
            compiled = TemplateRenderer.Compile(SourceOf(template)).Template;
            if (problems.Count > 0)
            {
                errors.Add("templateId", $"Template '{template.Name}' has errors; fix it before starting a campaign: " + string.Join("; ", problems));
            }
        }

        errors.ThrowIfAny();
        return compiled!;
    }

    private static void AddVersionError(FieldErrors errors, string field, string? version, PlanDetails plan)
    {
        if (!string.IsNullOrWhiteSpace(version) && VersionReader.Read(version, plan.ApiVersionScheme).Status != VersionStatus.Valid)
        {
            errors.Add(field, $"'{version}' is not a valid {plan.ApiVersionScheme} version in this environment.");
        }
    }

    private static FieldErrorsException TemplateFailed(TemplateRenderException exception) =>
        new("templateId", $"The template failed for a recipient; fix it before starting a campaign: {exception.Part}: {exception.Message}");

    private static FieldErrorsException PlanMissing(int planId) =>
        new("planId", $"Plan {planId} does not exist.");

    private void CompleteIfEmpty(Campaign campaign, OutboxWriteResult written)
    {
        if (written.Queued == 0)
        {
            campaign.Status = CampaignStatus.Completed;
            campaign.CompletedAt = timeProvider.GetUtcNow().UtcDateTime;
        }
    }

    private static string Started(Campaign campaign, OutboxWriteResult written) =>
        $"Campaign '{campaign.Name}' for plan {campaign.PlanId}: {written.Queued} messages queued, {written.Suppressed} contacts excluded";

    [LoggerMessage(EventId = 840, Level = LogLevel.Warning, Message = "Campaign '{Campaign}' for plan {PlanId} not started: its template failed in {Part}: {Reason}")]
    private static partial void LogCampaignRefused(ILogger logger, string campaign, int planId, TemplatePart part, string reason);
}
