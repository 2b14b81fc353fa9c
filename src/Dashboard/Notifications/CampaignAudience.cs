using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Dashboard.Notifications;

/// <summary>
/// The people to email about a plan, computed at send time: contacts of the plan's affected consumers (the same
/// <see cref="AffectedConsumerQueries"/> list the plan page shows, over <c>Analytics:AffectedDays</c>, so consumers that
/// migrated drop out), minus unsubscribed and suppressed contacts (unless
/// the message is a service notice) and addresses that cannot be mailed.
/// </summary>
public sealed class CampaignAudience(
    IDbContextFactory<DashboardDbContext> dbFactory,
    AffectedConsumerQueries affectedConsumers)
{
    public async Task<PlanDetails?> GetPlanAsync(int planId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeprecationPlans.AsNoTracking()
            .Where(p => p.Id == planId)
            .Select(p => new PlanDetails(
                p.Id,
                p.EnvironmentId,
                p.Title,
                p.Flag!.Key,
                p.Flag.Name,
                p.Status,
                p.AnnounceAt,
                p.DeprecationAt,
                p.SunsetAt,
                p.MigrationGuideUrl,
                db.Environments.Where(e => e.Id == p.EnvironmentId).Select(e => e.ApiVersionScheme).Single(),
                p.Flag.Variations.Where(v => v.IsLegacy).OrderBy(v => v.Index).Select(v => v.Index).ToList(),
                p.Flag.Variations.OrderBy(v => v.Index).Select(v => new PlanVariation(v.Index, v.Name, v.ValueJson, v.IsLegacy)).ToList(),
                p.ApiVersionFrom,
                p.ApiVersionBelow,
                p.ClientTypes))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<AudienceResult?> ResolveAsync(int planId, AudienceFilter? filter, bool isServiceNotice, CancellationToken cancellationToken = default)
    {
        var plan = await GetPlanAsync(planId, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        var affected = await affectedConsumers.GetAsync(planId, filter, cancellationToken: cancellationToken);
        if (affected.Count == 0)
        {
            return new AudienceResult(plan, [], [], []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One JSON parameter, not one SQL parameter per consumer: campaigns reach tens of thousands of consumers.
        var consumerIds = affected.Select(c => c.ConsumerId).ToList();
        var contacts = (await db.Contacts.AsNoTracking()
                .Where(c => EF.Parameter(consumerIds).Contains(c.ConsumerId))
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.ConsumerId, c.Email, c.Name, c.IsUnsubscribed, c.Consumer!.Organisation })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.ConsumerId);
        var suppressed = (await db.Suppressions.AsNoTracking()
                .Where(s => s.PlanId == null || s.PlanId == planId)
                .Select(s => s.Email)
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var recipients = new List<Recipient>();
        var excluded = new List<ExcludedRecipient>();
        var withoutContacts = new List<AffectedConsumer>();
        foreach (var consumer in affected)
        {
            if (!contacts[consumer.ConsumerId].Any())
            {
                withoutContacts.Add(consumer);
                continue;
            }

            foreach (var contact in contacts[consumer.ConsumerId])
            {
                var email = contact.Email.Trim();
                var reason = AddressProblem(email)
                    ?? (isServiceNotice ? null
                        : contact.IsUnsubscribed ? "unsubscribed"
                        : suppressed.Contains(email) ? "suppressed"
                        : null);
                if (reason is null)
                {
                    recipients.Add(new Recipient(consumer, contact.Organisation, contact.Id, email, contact.Name));
                }
                else
                {
                    excluded.Add(new ExcludedRecipient(consumer, contact.Id, email, contact.Name, reason));
                }
            }
        }

        return new AudienceResult(plan, recipients, excluded, withoutContacts);
    }

    /// <summary>Null for a mailable address, otherwise why it is not one.</summary>
    public static string? AddressProblem(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "invalid address: empty";
        }

        if (!MailboxAddress.TryParse(email, out var mailbox) || mailbox.Address != email || email.Any(char.IsWhiteSpace))
        {
            return "invalid address: not a single email address";
        }

        var at = email.LastIndexOf('@');
        return at <= 0 || at == email.Length - 1 ? "invalid address: missing local part or domain" : null;
    }
}
