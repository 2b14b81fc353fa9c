using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Analytics;

/// <summary>
/// The one definition of "receives the legacy behaviour": an hourly rollup whose variation is marked legacy on its flag,
/// counted within a window (recent or affected, from <see cref="AnalyticsOptions"/>) and, for a plan, narrowed to the
/// plan's scope. Every page, API, audience and policy that shows or uses a legacy figure filters through here.
/// </summary>
public sealed class LegacyUsage(TimeProvider timeProvider, IOptions<AnalyticsOptions> options)
{
    /// <summary>One sentence for tooltips next to every legacy figure.</summary>
    public const string Definition =
        "Counts evaluations that served a variation marked legacy on its flag, summed from the hourly evaluation records within the window.";

    /// <summary>The recent window: Overview, flags list, flag and consumer pages.</summary>
    public LegacyWindow Recent() => LastDays(options.Value.RecentDays);

    /// <summary>The affected window: who a plan affects, campaign audiences, the plans API and the policy's laggards.</summary>
    public LegacyWindow Affected() => LastDays(options.Value.AffectedDays);

    public int RecentDays => options.Value.RecentDays;

    public int AffectedDays => options.Value.AffectedDays;

    /// <summary>The rollup hours that started in the last <paramref name="days"/> × 24 hours, up to now.</summary>
    public LegacyWindow LastDays(int days)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return new LegacyWindow(days, now - (days * LocalDays.SecondsPerDay), now + 1);
    }

    /// <summary>Every recorded hour (a filter without "seen since").</summary>
    public LegacyWindow AllTime() => new(null, long.MinValue, timeProvider.GetUtcNow().ToUnixTimeSeconds() + 1);

    /// <summary><see cref="OnLegacy"/> for raw SQL over <c>EvaluationRollups r</c> (the adoption charts' bucketed query).</summary>
    public const string OnLegacySql = "EXISTS (SELECT 1 FROM FlagVariations v WHERE v.FlagId = r.FlagId AND v.\"Index\" = r.VariationIndex AND v.IsLegacy)";

    /// <summary>Rollups that served a legacy variation (whatever the window).</summary>
    public static IQueryable<EvaluationRollup> OnLegacy(DashboardDbContext db, IQueryable<EvaluationRollup> rows) =>
        rows.Where(r => db.FlagVariations.Any(v => v.FlagId == r.FlagId && v.Index == r.VariationIndex && v.IsLegacy));

    public static IQueryable<EvaluationRollup> Within(IQueryable<EvaluationRollup> rows, LegacyWindow window)
    {
        var from = window.FromUnixSeconds;
        var to = window.ToUnixSeconds;
        return rows.Where(r => r.HourStart >= from && r.HourStart < to);
    }

    /// <summary>Legacy rollups in the window, optionally narrowed to a plan's scope; aggregate them in SQL.</summary>
    public static IQueryable<EvaluationRollup> Rows(DashboardDbContext db, LegacyWindow window, LegacyScope? scope = null)
    {
        var rows = OnLegacy(db, Within(db.EvaluationRollups.AsNoTracking(), window));
        return scope is null ? rows : scope.Apply(rows);
    }

    /// <summary>What a plan retires: its flag's legacy variations, within the plan's scope.</summary>
    public static IQueryable<EvaluationRollup> PlanRows(DashboardDbContext db, PlanScope plan, LegacyWindow? window) =>
        plan.Scope.Apply(OnLegacy(db, (window is null ? db.EvaluationRollups.AsNoTracking() : Within(db.EvaluationRollups.AsNoTracking(), window)).Where(r => r.FlagId == plan.FlagId)));

    /// <summary>Loads the flag and scope of a plan; null when it does not exist.</summary>
    public static async Task<PlanScope?> LoadPlanScopeAsync(DashboardDbContext db, int planId, CancellationToken cancellationToken)
    {
        var plan = await db.DeprecationPlans.AsNoTracking()
            .Where(p => p.Id == planId)
            .Select(p => new
            {
                p.FlagId, p.ApiVersionFrom, p.ApiVersionBelow, p.ClientTypes,
                Scheme = db.Environments.Where(e => e.Id == p.EnvironmentId).Select(e => e.ApiVersionScheme).Single(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return plan is null ? null : new PlanScope(plan.FlagId, new LegacyScope(plan.ApiVersionFrom, plan.ApiVersionBelow, plan.ClientTypes, plan.Scheme));
    }

    /// <summary>The indexes of a flag's legacy variations: what every plan of the flag retires.</summary>
    public static Task<List<int>> LegacyVariationsAsync(DashboardDbContext db, int flagId, CancellationToken cancellationToken) =>
        db.FlagVariations.AsNoTracking().Where(v => v.FlagId == flagId && v.IsLegacy).OrderBy(v => v.Index).Select(v => v.Index).ToListAsync(cancellationToken);
}
