using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>Overview numbers, aggregated in SQL over the hourly rollups.</summary>
public sealed class OverviewQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider)
{
    /// <summary>KPIs over the last 7 days and the 7 days before them.</summary>
    public async Task<OverviewSummary> GetSummaryAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var window = OverviewKpis.WindowDays * LocalDays.SecondsPerDay;
        var current = await GetKpisAsync(environmentId, now - window, now + 1, cancellationToken);
        var previous = await GetKpisAsync(environmentId, now - (2 * window), now - window, cancellationToken);
        return new OverviewSummary(current, previous);
    }

    /// <summary>KPIs over rollup hours starting in [<paramref name="from"/>, <paramref name="to"/>), Unix seconds.</summary>
    public async Task<OverviewKpis> GetKpisAsync(int environmentId, long from, long to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = db.EvaluationRollups.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.HourStart >= from && r.HourStart < to);
        var legacy = window.Where(r => db.FlagVariations.Any(v => v.FlagId == r.FlagId && v.Index == r.VariationIndex && v.IsLegacy));

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

    /// <summary>The consumers with the most legacy evaluations in the last 7 days, most first.</summary>
    public async Task<IReadOnlyList<LaggardRow>> GetTopLaggardsAsync(int environmentId, int count, CancellationToken cancellationToken = default)
    {
        var from = timeProvider.GetUtcNow().ToUnixTimeSeconds() - (OverviewKpis.WindowDays * LocalDays.SecondsPerDay);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.EvaluationRollups.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.HourStart >= from)
            .Select(r => new
            {
                r.ConsumerId,
                r.FlagId,
                r.Count,
                IsLegacy = db.FlagVariations.Any(v => v.FlagId == r.FlagId && v.Index == r.VariationIndex && v.IsLegacy),
            })
            .GroupBy(r => r.ConsumerId)
            .Select(g => new
            {
                ConsumerId = g.Key,
                Legacy = g.Sum(r => r.IsLegacy ? r.Count : 0),
                Evaluations = g.Sum(r => r.Count),
                Flags = g.Where(r => r.IsLegacy).Select(r => r.FlagId).Distinct().Count(),
            })
            .Where(g => g.Legacy > 0)
            .Join(db.Consumers, g => g.ConsumerId, c => c.Id, (g, c) => new { c.Key, c.DisplayName, g.Legacy, g.Evaluations, g.Flags })
            .OrderByDescending(r => r.Legacy).ThenBy(r => r.Key)
            .Take(count)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new LaggardRow(r.Key, r.DisplayName, r.Legacy, r.Evaluations, r.Flags)).ToList();
    }

    /// <summary>The environment's flags, busiest in the last 7 days first, so the default chart shows the flag that matters most.</summary>
    public async Task<IReadOnlyList<FlagChoice>> GetFlagsAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        var from = timeProvider.GetUtcNow().ToUnixTimeSeconds() - (OverviewKpis.WindowDays * LocalDays.SecondsPerDay);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Flags.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && !f.IsArchived)
            .OrderByDescending(f => db.EvaluationRollups.Where(r => r.FlagId == f.Id && r.HourStart >= from).Sum(r => r.Count))
            .ThenBy(f => f.Key)
            .Select(f => new FlagChoice(f.Id, f.Key, f.Name))
            .ToListAsync(cancellationToken);
    }
}
