using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Notifications;

/// <summary>Read side of notifications for the pages and the API: lists page on the server, counts are computed in SQL.</summary>
public sealed class NotificationQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<IReadOnlyList<TemplateRow>> GetTemplatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationTemplates.AsNoTracking()
            .OrderBy(t => t.Kind).ThenBy(t => t.Name)
            .Select(t => new TemplateRow(t.Id, t.Key, t.Name, t.Kind, t.UpdatedAt, t.UpdatedBy))
            .ToListAsync(cancellationToken);
    }

    public async Task<NotificationTemplate?> GetTemplateAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<PlanChoice>> GetPlansAsync(int? environmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeprecationPlans.AsNoTracking()
            .Where(p => environmentId == null || p.EnvironmentId == environmentId)
            .OrderBy(p => p.SunsetAt)
            .Select(p => new PlanChoice(p.Id, p.EnvironmentId, p.Title, p.Flag!.Name, p.Status, p.SunsetAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<PagedResult<CampaignProgress>> GetCampaignsAsync(int? environmentId, int? planId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaigns = db.Campaigns.AsNoTracking()
            .Where(c => environmentId == null || c.Plan!.EnvironmentId == environmentId)
            .Where(c => planId == null || c.PlanId == planId);
        var total = await campaigns.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await Project(db, campaigns.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip(Math.Max(0, page) * size).Take(size))
            .ToListAsync(cancellationToken);
        return new PagedResult<CampaignProgress>(items, total);
    }

    public async Task<CampaignProgress?> GetCampaignAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Project(db, db.Campaigns.AsNoTracking().Where(c => c.Id == id)).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<PagedResult<RecipientStatus>> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = db.OutboxMessages.AsNoTracking();
        if (query.CampaignId is { } campaignId)
        {
            messages = messages.Where(m => m.CampaignId == campaignId);
        }

        if (query.ConsumerId is { } consumerId)
        {
            messages = messages.Where(m => m.ConsumerId == consumerId);
        }

        if (query.PlanId is { } planId)
        {
            messages = messages.Where(m => m.PlanId == planId);
        }

        if (query.Status is { } status)
        {
            messages = messages.Where(m => m.Status == status);
        }

        var total = await messages.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var ordered = query.OldestFirst ? messages.OrderBy(m => m.Id) : messages.OrderByDescending(m => m.Id);
        var items = await ordered
            .Skip(Math.Max(0, query.Page) * size)
            .Take(size)
            .Select(m => new RecipientStatus(
                m.Id,
                m.CampaignId,
                db.Campaigns.Where(c => c.Id == m.CampaignId).Select(c => c.Name).FirstOrDefault(),
                m.PlanId,
                m.ConsumerId,
                db.Consumers.Where(c => c.Id == m.ConsumerId).Select(c => c.DisplayName).First(),
                m.ToAddress,
                m.ToName,
                m.Subject,
                m.Stage,
                m.Status,
                m.Attempts,
                m.LastError,
                m.CreatedAt,
                m.SentAt,
                m.NextAttemptAt,
                m.MessageId))
            .ToListAsync(cancellationToken);
        return new PagedResult<RecipientStatus>(items, total);
    }

    /// <summary>
    /// Suppressed addresses, newest first. With <paramref name="environmentId"/>, only what concerns that environment:
    /// suppressions for its plans, and address-wide ones of its consumers' contacts.
    /// </summary>
    public async Task<PagedResult<SuppressionRow>> GetSuppressionsAsync(int? environmentId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var suppressions = db.Suppressions.AsNoTracking();
        if (environmentId is { } id)
        {
            suppressions = suppressions.Where(s => s.PlanId != null
                ? db.DeprecationPlans.Any(p => p.Id == s.PlanId && p.EnvironmentId == id)
                : db.Contacts.Any(c => c.Email == s.Email && c.Consumer!.EnvironmentId == id));
        }

        var total = await suppressions.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await suppressions
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, page) * size)
            .Take(size)
            .Select(s => new SuppressionRow(s.Id, s.Email, s.PlanId, db.DeprecationPlans.Where(p => p.Id == s.PlanId).Select(p => p.Title).FirstOrDefault(), s.Reason, s.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<SuppressionRow>(items, total);
    }

    /// <summary>Counts of every outbox status across all campaigns, for Settings → Mail.</summary>
    public async Task<IReadOnlyDictionary<OutboxStatus, int>> GetOutboxCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OutboxMessages.AsNoTracking()
            .GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    private static IQueryable<CampaignProgress> Project(DashboardDbContext db, IQueryable<Campaign> campaigns) =>
        campaigns.Select(c => new CampaignProgress(
            c.Id,
            c.Name,
            c.PlanId,
            c.Plan!.Title,
            c.Plan.EnvironmentId,
            c.TemplateId,
            c.Template!.Name,
            c.Status,
            c.Stage,
            c.IsServiceNotice,
            c.ScheduledAt,
            c.CreatedAt,
            c.CreatedBy,
            c.CompletedAt,
            db.OutboxMessages.Count(m => m.CampaignId == c.Id),
            db.OutboxMessages.Count(m => m.CampaignId == c.Id && m.Status == OutboxStatus.Pending),
            db.OutboxMessages.Count(m => m.CampaignId == c.Id && m.Status == OutboxStatus.Sending),
            db.OutboxMessages.Count(m => m.CampaignId == c.Id && m.Status == OutboxStatus.Sent),
            db.OutboxMessages.Count(m => m.CampaignId == c.Id && m.Status == OutboxStatus.Failed),
            db.OutboxMessages.Count(m => m.CampaignId == c.Id && m.Status == OutboxStatus.Suppressed),
            db.OutboxMessages.Count(m => m.CampaignId == c.Id && m.Status == OutboxStatus.Cancelled)));
}
