using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Timelines;

/// <summary>Read side of deprecation plans for pages, the plans API and the Overview KPIs.</summary>
public sealed class PlanQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider)
{
    /// <summary>Plans of an environment, soonest sunset first; cancelled ones only when asked for.</summary>
    public async Task<IReadOnlyList<PlanSummary>> ListAsync(int environmentId, bool includeCancelled = true, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.DeprecationPlans.AsNoTracking().Where(p => p.EnvironmentId == environmentId);
        if (!includeCancelled)
        {
            query = query.Where(p => p.Status != PlanStatus.Cancelled);
        }

        var rows = await Project(query.OrderBy(p => p.SunsetAt).ThenBy(p => p.Id)).ToListAsync(cancellationToken);
        var now = Now;
        return rows.Select(r => r.ToSummary(now)).ToList();
    }

    public async Task<PlanDetail?> GetAsync(int planId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await Project(db.DeprecationPlans.AsNoTracking().Where(p => p.Id == planId)).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var extra = await db.DeprecationPlans.AsNoTracking().Where(p => p.Id == planId)
            .Select(p => new
            {
                EnvironmentKey = db.Environments.Where(e => e.Id == p.EnvironmentId).Select(e => e.Key).Single(),
                p.MigrationGuideUrl,
                p.Notes,
                p.CreatedAt,
                p.CreatedBy,
                p.UpdatedAt,
                Variations = p.Flag!.Variations.OrderBy(v => v.Index).Select(v => new PlanVariation(v.Index, v.Name, v.ValueJson, v.IsLegacy)).ToList(),
                Extensions = p.Extensions.OrderBy(e => e.Consumer!.Key)
                    .Select(e => new PlanExtension(e.Consumer!.Key, e.Consumer.DisplayName, e.SunsetAt, e.Reason, e.GrantedBy, e.GrantedAt)).ToList(),
            })
            .SingleAsync(cancellationToken);
        return new PlanDetail(row.ToSummary(Now), extra.EnvironmentKey, extra.MigrationGuideUrl, extra.Notes, extra.CreatedAt, extra.CreatedBy, extra.UpdatedAt, extra.Variations, extra.Extensions);
    }

    /// <summary>The plan's history (creation, edits, status moves, extensions), newest first.</summary>
    public async Task<IReadOnlyList<PlanStatusChange>> GetHistoryAsync(int planId, CancellationToken cancellationToken = default)
    {
        var id = planId.ToString(CultureInfo.InvariantCulture);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == PlanAuditActions.EntityType && a.EntityId == id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new PlanStatusChange(a.At, a.Actor, a.Action, a.Summary))
            .ToListAsync(cancellationToken);
    }

    /// <summary>For the Overview: plans neither completed nor cancelled, and the nearest sunset still ahead.</summary>
    public async Task<PlanOverview> GetOverviewAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inProgress = db.DeprecationPlans.AsNoTracking()
            .Where(p => p.EnvironmentId == environmentId && p.Status != PlanStatus.Completed && p.Status != PlanStatus.Cancelled);
        var count = await inProgress.CountAsync(cancellationToken);
        var next = await Project(inProgress.Where(p => p.SunsetAt > now).OrderBy(p => p.SunsetAt)).FirstOrDefaultAsync(cancellationToken);
        return new PlanOverview(count, next?.ToSummary(now));
    }

    /// <summary>The environment's flags that are not archived, for the plan form.</summary>
    public async Task<IReadOnlyList<PlanFlagChoice>> GetFlagsAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Flags.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && !f.IsArchived)
            .OrderBy(f => f.Key)
            .Select(f => new PlanFlagChoice(f.Id, f.Key, f.Name, f.Variations.OrderBy(v => v.Index).Select(v => new PlanVariation(v.Index, v.Name, v.ValueJson, v.IsLegacy)).ToList()))
            .ToListAsync(cancellationToken);
    }

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    private static IQueryable<PlanRow> Project(IQueryable<DeprecationPlan> plans) => plans.Select(p => new PlanRow(
        p.Id, p.Title, p.Flag!.Key, p.Status, p.Flag.Variations.Where(v => v.IsLegacy).OrderBy(v => v.Index).Select(v => v.Index).ToList(), p.ApiVersionFrom, p.ApiVersionBelow, p.ClientTypes, p.AnnounceAt, p.DeprecationAt, p.SunsetAt, p.Owner,
        p.Brownouts.OrderBy(b => b.StartsAt).Select(b => new PlanBrownout(b.Id, b.StartsAt, b.EndsAt, b.OnlyLaggards, b.Note)).ToList(),
        p.Extensions.Count));

    private sealed record PlanRow(
        int Id, string Title, string FlagKey, PlanStatus Status, List<int> RetiredVariations, string? ApiVersionFrom, string? ApiVersionBelow, List<string> ClientTypes,
        DateTime? AnnounceAt, DateTime DeprecationAt, DateTime SunsetAt, string? Owner, List<PlanBrownout> Brownouts, int Extensions)
    {
        public PlanSummary ToSummary(DateTime now) => new(
            Id, Title, FlagKey, PlanSchedule.StatusAt(Status, AnnounceAt, DeprecationAt, SunsetAt, now), RetiredVariations, ApiVersionFrom, ApiVersionBelow, ClientTypes,
            AnnounceAt, DeprecationAt, SunsetAt, Owner, Brownouts, Extensions);
    }
}
