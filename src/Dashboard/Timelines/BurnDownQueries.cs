using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Timelines;

/// <summary>
/// Daily consumers and evaluations on a plan's retired behaviour (<see cref="LegacyUsage.PlanRows"/>: the flag's legacy
/// variations in the plan's scope), and where the trend points at the sunset. Each point counts one local day, so
/// "today" is a partial day, not the affected window.
/// </summary>
public sealed class BurnDownQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider)
{
    public const int DefaultDays = 60;

    /// <summary>Days the projection is fitted to: recent enough to follow the current pace, long enough to smooth weekdays.</summary>
    public const int FitDays = 21;

    public async Task<BurnDown?> GetAsync(int planId, TimeZoneInfo zone, int days = DefaultDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.DeprecationPlans.AsNoTracking()
            .Where(p => p.Id == planId)
            .Select(p => new
            {
                p.SunsetAt,
                Extended = p.Extensions.Select(e => e.ConsumerId).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (plan is null || await LegacyUsage.LoadPlanScopeAsync(db, planId, cancellationToken) is not { } scope)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var today = LocalDays.ToDate(LocalDays.DayNumber(now, zone));
        var firstDay = today.AddDays(1 - days);
        var from = LocalDays.StartOfLocalDay(firstDay, zone);
        var extended = plan.Extended;
        var rows = LegacyUsage.PlanRows(db, scope, window: null).Where(r => !extended.Contains(r.ConsumerId));

        // Per (day, consumer) sums come from SQL; one row per consumer-day is small enough to count distinct consumers here.
        var perConsumerDay = new List<(long Day, int ConsumerId, long Count)>();
        foreach (var segment in LocalDays.Segments(from, now + 1, zone))
        {
            var offset = segment.OffsetSeconds;
            var part = await rows
                .Where(r => r.HourStart >= segment.FromUnixSeconds && r.HourStart < segment.ToUnixSeconds)
                .GroupBy(r => new { Day = (r.HourStart + offset) / LocalDays.SecondsPerDay, r.ConsumerId })
                .Select(g => new { g.Key.Day, g.Key.ConsumerId, Count = g.Sum(r => r.Count) })
                .ToListAsync(cancellationToken);
            perConsumerDay.AddRange(part.Select(p => (p.Day, p.ConsumerId, p.Count)));
        }

        var byDay = perConsumerDay.GroupBy(p => p.Day).ToDictionary(g => g.Key, g => (Consumers: g.Select(p => p.ConsumerId).Distinct().Count(), Evaluations: g.Sum(p => p.Count)));
        var firstDayNumber = LocalDays.DayNumber(from, zone);
        var points = Enumerable.Range(0, days)
            .Select(i => byDay.TryGetValue(firstDayNumber + i, out var day) ? new BurnDownPoint(firstDay.AddDays(i), day.Consumers, day.Evaluations) : new BurnDownPoint(firstDay.AddDays(i), 0, 0))
            .ToList();

        var sunsetDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(plan.SunsetAt, zone));
        // Today is incomplete; fitting it would bend the line down.
        var fitted = points.Take(points.Count - 1).TakeLast(FitDays).ToList();
        var horizon = sunsetDay.DayNumber - today.DayNumber;
        if (fitted.Count < 7 || horizon < 0)
        {
            return new BurnDown(points, sunsetDay, extended.Count, null, null, fitted.Count);
        }

        var x = fitted.Select(p => (double)(p.Day.DayNumber - today.DayNumber)).ToArray();
        var consumersAtSunset = Project(x, fitted.Select(p => (double)p.Consumers).ToArray(), horizon);
        var evaluationsAtSunset = Project(x, fitted.Select(p => (double)p.Evaluations).ToArray(), horizon);
        (consumersAtSunset, evaluationsAtSunset) = Consistent(consumersAtSunset, evaluationsAtSunset);
        return new BurnDown(points, sunsetDay, extended.Count, consumersAtSunset, evaluationsAtSunset, fitted.Count);
    }

    /// <summary>
    /// The two lines are fitted separately and reach zero on different days; once either rounds to nothing the other is
    /// nothing too, so the page never says "0 consumers · 2,181 evaluations/day".
    /// </summary>
    internal static (double Consumers, double Evaluations) Consistent(double consumers, double evaluations) =>
        consumers < 0.5 || evaluations < 0.5 ? (0, 0) : (consumers, evaluations);

    /// <summary>Least-squares line through (x, y), read at <paramref name="at"/>; never below zero, as counts cannot be.</summary>
    internal static double Project(double[] x, double[] y, double at)
    {
        var meanX = x.Average();
        var meanY = y.Average();
        var covariance = x.Zip(y, (a, b) => (a - meanX) * (b - meanY)).Sum();
        var variance = x.Sum(a => (a - meanX) * (a - meanX));
        var slope = variance == 0 ? 0 : covariance / variance;
        return Math.Max(0, meanY + (slope * (at - meanX)));
    }
}
