using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Renders one outbox message per recipient and inserts it in the caller's open transaction (the caller commits them
/// with its campaign change). Excluded contacts get a <see cref="OutboxStatus.Suppressed"/> row with the reason, so the campaign
/// shows who was left out and why. A recipient that already has a message for the plan and stage is skipped.
/// </summary>
public sealed class OutboxWriter(TemplateRenderer renderer, UnsubscribeTokens unsubscribeTokens, IOptions<NotificationOptions> options, TimeProvider timeProvider)
{
    public async Task<OutboxWriteResult> AddAsync(
        DashboardDbContext db,
        Campaign campaign,
        CompiledTemplate template,
        AudienceResult audience,
        BrownoutModel? brownout,
        CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var stage = StageOf(campaign);
        var planId = campaign.PlanId;
        var alreadyMessaged = (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.PlanId == planId && m.Stage == stage)
                .Select(m => new { m.ConsumerId, m.ContactId })
                .ToListAsync(cancellationToken))
            .Select(m => (m.ConsumerId, m.ContactId))
            .ToHashSet();

        var suppressed = 0;
        var toRender = audience.Recipients.Where(r => alreadyMessaged.Add((r.Consumer.ConsumerId, r.ContactId))).ToList();
        List<OutboxMessage> rows;
        try
        {
            rows = Render(toRender, template, audience.Plan, campaign, stage, brownout, now);
        }
        catch (AggregateException exception) when (exception.InnerExceptions is [TemplateRenderException inner])
        {
            throw inner;
        }

        var queued = rows.Count;
        foreach (var left in audience.Excluded)
        {
            if (!alreadyMessaged.Add((left.Consumer.ConsumerId, left.ContactId)))
            {
                continue;
            }

            rows.Add(new OutboxMessage
            {
                CampaignId = campaign.Id,
                PlanId = planId,
                ConsumerId = left.Consumer.ConsumerId,
                ContactId = left.ContactId,
                Stage = stage,
                ToAddress = left.Email,
                ToName = left.Name,
                Subject = string.Empty,
                HtmlBody = string.Empty,
                TextBody = string.Empty,
                MessageId = MessageIdFor(campaign.Id, left.ContactId),
                Status = OutboxStatus.Suppressed,
                LastError = left.Reason,
                CreatedAt = now,
            });
            suppressed++;
        }

        await OutboxBulkInsert.InsertAsync(db, rows, cancellationToken);
        return new OutboxWriteResult(queued, suppressed);
    }

    // Rendering dominates a large campaign; templates, renderer and token protector are safe to share across threads.
    private List<OutboxMessage> Render(List<Recipient> recipients, CompiledTemplate template, PlanDetails plan, Campaign campaign, string stage, BrownoutModel? brownout, DateTime now) =>
        recipients.AsParallel().AsOrdered().Select(recipient =>
        {
            var unsubscribeUrl = unsubscribeTokens.CreateUrl(recipient.ContactId, campaign.PlanId, recipient.Email);
            var rendered = renderer.Render(template, TemplateModelFactory.Create(plan, recipient, unsubscribeUrl, brownout, now));
            return new OutboxMessage
            {
                CampaignId = campaign.Id,
                PlanId = campaign.PlanId,
                ConsumerId = recipient.Consumer.ConsumerId,
                ContactId = recipient.ContactId,
                Stage = stage,
                ToAddress = recipient.Email,
                ToName = recipient.Name,
                Subject = rendered.Subject,
                HtmlBody = rendered.HtmlBody,
                TextBody = rendered.TextBody,
                MessageId = MessageIdFor(campaign.Id, recipient.ContactId),
                UnsubscribeUrl = unsubscribeUrl,
                Status = OutboxStatus.Pending,
                CreatedAt = now,
            };
        }).ToList();

    /// <summary>Deterministic, so the same message resent after a crash carries the same Message-ID and can be recognised.</summary>
    public string MessageIdFor(int campaignId, int contactId) =>
        string.Create(CultureInfo.InvariantCulture, $"campaign-{campaignId}.contact-{contactId}@{options.Value.MessageIdDomain}");

    /// <summary>Reminders share a stage per plan; a campaign started by a person is its own stage.</summary>
    public static string StageOf(Campaign campaign) => campaign.Stage ?? string.Create(CultureInfo.InvariantCulture, $"campaign-{campaign.Id}");
}
