using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>Overview numbers, aggregated in SQL over the hourly rollups.</summary>
public sealed class OverviewQueries(IDbContextFactory<DashboardDbContext> dbFactory, LegacyUsage legacyUsage)
{
    /// <summary>KPIs over the recent window (<see cref="AnalyticsOptions.RecentDays"/>) and the same span before it.</summary>
    public async Task<OverviewSummary> GetSummaryAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        var window = legacyUsage.Recent();
        var length = window.ToUnixSeconds - window.FromUnixSeconds;
        var current = await GetKpisAsync(environmentId, window.FromUnixSeconds, window.ToUnixSeconds, cancellationToken);
        var previous = await GetKpisAsync(environmentId, window.FromUnixSeconds - length, window.FromUnixSeconds, cancellationToken);
        return new OverviewSummary(current, previous, window);
    }

    /// <summary>KPIs over rollup hours starting in [<paramref name="from"/>, <paramref name="to"/>), Unix seconds.</summary>
    public async Task<OverviewKpis> GetKpisAsync(int environmentId, long from, long to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = db.EvaluationRollups.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.HourStart >= from && r.HourStart < to);
        var legacy = LegacyUsage.OnLegacy(db, window);

        var totals = await window
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Evaluations = g.Sum(r => r.Count),
                Problems = g.Sum(r => r.ApiVersionStatus != VersionStatus.Valid ? r.Count : 0),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var activeConsumers = await window.Select(r => r.ConsumerId).Distinct().CountAsync(cancellationToken);
        var legacyEvaluations = await legacy.SumAsync(r => r.Count, cancellationToken);
        var consumersOnLegacy = await legacy.Select(r => r.ConsumerId).Distinct().CountAsync(cancellationToken);
        return new OverviewKpis(activeConsumers, totals?.Evaluations ?? 0, legacyEvaluations, consumersOnLegacy, totals?.Problems ?? 0);
    }

    /// <summary>The consumers with the most legacy evaluations in the recent window, most first.</summary>
    public async Task<IReadOnlyList<LaggardRow>> GetTopLaggardsAsync(int environmentId, int count, CancellationToken cancellationToken = default)
    {
        var recent = legacyUsage.Recent();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = LegacyUsage.Within(db.EvaluationRollups.AsNoTracking(), recent).Where(r => r.EnvironmentId == environmentId);
        var rows = await LegacyUsage.OnLegacy(db, window)
            .GroupBy(r => r.ConsumerId)
            .Select(g => new
            {
                ConsumerId = g.Key,
                Legacy = g.Sum(r => r.Count),
                Evaluations = window.Where(w => w.ConsumerId == g.Key).Sum(w => w.Count),
                Flags = g.Select(r => r.FlagId).Distinct().Count(),
            })
            .Join(db.Consumers, g => g.ConsumerId, c => c.Id, (g, c) => new { c.Key, c.DisplayName, g.Legacy, g.Evaluations, g.Flags })
            .OrderByDescending(r => r.Legacy).ThenBy(r => r.Key)
            .Take(count)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new LaggardRow(r.Key, r.DisplayName, r.Legacy, r.Evaluations, r.Flags)).ToList();
    }

    /// <summary>The environment's flags, busiest in the recent window first, so the default chart shows the flag that matters most.</summary>
    public async Task<IReadOnlyList<FlagChoice>> GetFlagsAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        var from = legacyUsage.Recent().FromUnixSeconds;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Flags.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && !f.IsArchived)
            .OrderByDescending(f => db.EvaluationRollups.Where(r => r.FlagId == f.Id && r.HourStart >= from).Sum(r => r.Count))
            .ThenBy(f => f.Key)
            .Select(f => new FlagChoice(f.Id, f.Key, f.Name))
            .ToListAsync(cancellationToken);
    }
}
