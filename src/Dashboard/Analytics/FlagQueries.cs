using Dashboard.Data.Entities;
using Dashboard.Data;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Analytics;

/// <summary>The flags list and flag headers, with status and recent-window numbers (<see cref="LegacyUsage"/>) computed in SQL over the rollups.</summary>
public sealed class FlagQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider, IOptions<AnalyticsOptions> options, LegacyUsage legacyUsage)
{
    private const long SecondsPerDay = LocalDays.SecondsPerDay;

    public async Task<PagedResult<FlagListRow>> GetFlagsAsync(int environmentId, FlagListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Rows(db, environmentId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + query.Search.Trim() + "%";
            rows = rows.Where(r => EF.Functions.Like(r.Key, pattern) || EF.Functions.Like(r.Name, pattern));
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await Sort(rows, query.Sort, query.Descending)
            .Skip(Math.Max(0, query.Page) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<FlagListRow>(await WithVariationsAsync(db, page, cancellationToken), total);
    }

    public async Task<FlagDetail?> GetFlagAsync(int flagId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await db.Flags.AsNoTracking()
            .Where(f => f.Id == flagId)
            .Select(f => new { f.Id, f.EnvironmentId, f.Key, f.Name, f.Description, f.MaintainerTeam, f.Tags })
            .SingleOrDefaultAsync(cancellationToken);
        if (flag is null)
        {
            return null;
        }

        var stats = await Rows(db, flag.EnvironmentId, includeArchived: true).Where(r => r.Id == flagId).ToListAsync(cancellationToken);
        var summary = (await WithVariationsAsync(db, stats, cancellationToken))[0];
        return new FlagDetail(flag.Id, flag.EnvironmentId, flag.Key, flag.Name, flag.Description, flag.MaintainerTeam, flag.Tags, summary);
    }

    /// <summary>The id of a flag by its key in an environment, or null.</summary>
    public async Task<int?> FindFlagIdAsync(int environmentId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Flags.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && f.Key == key)
            .Select(f => (int?)f.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>How a variation is shown: its name, else its JSON value.</summary>
    public static string VariationLabel(int index, string? name, string valueJson) =>
        !string.IsNullOrWhiteSpace(name) ? name : valueJson.Length > 0 ? valueJson : $"Variation {index}";

    private IQueryable<FlagStatsRow> Rows(DashboardDbContext db, int environmentId, bool includeArchived = false)
    {
        var now = timeProvider.GetUtcNow();
        var nowSeconds = now.ToUnixTimeSeconds();
        var window = legacyUsage.Recent();
        var windowStart = window.FromUnixSeconds;
        var safeSince = nowSeconds - (options.Value.SafeToRemoveDays * SecondsPerDay);
        var newSince = window.From.UtcDateTime;
        var nowUtc = now.UtcDateTime;
        var rollups = db.EvaluationRollups.AsNoTracking();
        var recent = LegacyUsage.Within(rollups, window);
        var legacy = LegacyUsage.OnLegacy(db, rollups);
        var recentLegacy = LegacyUsage.Rows(db, window);
        var legacyVariations = db.FlagVariations.Where(v => v.IsLegacy);

        return db.Flags.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && (includeArchived || !f.IsArchived))
            .Select(f => new
            {
                f.Id,
                f.Key,
                f.Name,
                f.CreatedAt,
                HasLegacy = legacyVariations.Any(v => v.FlagId == f.Id),
                SunsetPending = db.DeprecationPlans.Any(p => p.FlagId == f.Id && p.Status != PlanStatus.Cancelled && p.SunsetAt > nowUtc),
                FirstHour = rollups.Where(r => r.FlagId == f.Id).Min(r => (long?)r.HourStart),
                LastHour = rollups.Where(r => r.FlagId == f.Id).Max(r => (long?)r.HourStart),
                LastLegacyHour = legacy.Where(r => r.FlagId == f.Id).Max(r => (long?)r.HourStart),
                Evaluations = recent.Where(r => r.FlagId == f.Id).Sum(r => (long?)r.Count) ?? 0,
                LegacyEvaluations = recentLegacy.Where(r => r.FlagId == f.Id).Sum(r => (long?)r.Count) ?? 0,
                ConsumersOnLegacy = recentLegacy.Where(r => r.FlagId == f.Id).Select(r => r.ConsumerId).Distinct().Count(),
                VariationsServed = recent.Where(r => r.FlagId == f.Id).Select(r => r.VariationIndex).Distinct().Count(),
            })
            .Select(x => new FlagStatsRow
            {
                Id = x.Id,
                Key = x.Key,
                Name = x.Name,
                Evaluations = x.Evaluations,
                LegacyEvaluations = x.LegacyEvaluations,
                LegacyShare = x.Evaluations == 0 ? null : (double)x.LegacyEvaluations / x.Evaluations,
                ConsumersOnLegacy = x.ConsumersOnLegacy,
                LastHour = x.LastHour,
                // Safe to remove needs a legacy mark, a full window of history without legacy traffic, and no sunset
                // still ahead: consumers were promised the legacy behaviour until then.
                Status = x.HasLegacy && !x.SunsetPending && x.FirstHour < safeSince && (x.LastLegacyHour == null || x.LastLegacyHour < safeSince) ? FlagStatus.SafeToRemove
                    : x.LastHour == null ? (x.CreatedAt >= newSince ? FlagStatus.New : FlagStatus.Inactive)
                    : x.LastHour < windowStart ? FlagStatus.Inactive
                    : x.VariationsServed == 1 && x.FirstHour <= windowStart ? FlagStatus.Launched
                    : FlagStatus.Active,
            });
    }

    private static IQueryable<FlagStatsRow> Sort(IQueryable<FlagStatsRow> rows, FlagSort sort, bool descending) => sort switch
    {
        FlagSort.LegacyShare => descending ? rows.OrderByDescending(r => r.LegacyShare).ThenBy(r => r.Key) : rows.OrderBy(r => r.LegacyShare).ThenBy(r => r.Key),
        FlagSort.ConsumersOnLegacy => descending ? rows.OrderByDescending(r => r.ConsumersOnLegacy).ThenBy(r => r.Key) : rows.OrderBy(r => r.ConsumersOnLegacy).ThenBy(r => r.Key),
        FlagSort.LastEvaluated => descending ? rows.OrderByDescending(r => r.LastHour).ThenBy(r => r.Key) : rows.OrderBy(r => r.LastHour).ThenBy(r => r.Key),
        FlagSort.Status => descending ? rows.OrderByDescending(r => r.Status).ThenBy(r => r.Key) : rows.OrderBy(r => r.Status).ThenBy(r => r.Key),
        _ => descending ? rows.OrderByDescending(r => r.Key) : rows.OrderBy(r => r.Key),
    };

    private static async Task<List<FlagListRow>> WithVariationsAsync(DashboardDbContext db, List<FlagStatsRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var variations = (await db.FlagVariations.AsNoTracking()
                .Where(v => ids.Contains(v.FlagId))
                .OrderBy(v => v.Index)
                .ToListAsync(cancellationToken))
            .ToLookup(v => v.FlagId, v => new FlagVariationSummary(v.Index, VariationLabel(v.Index, v.Name, v.ValueJson), v.ValueJson, v.IsLegacy));
        return rows.Select(r => new FlagListRow(
                r.Id, r.Key, r.Name, variations[r.Id].ToList(), r.Evaluations, r.LegacyEvaluations, r.ConsumersOnLegacy,
                r.LastHour is { } hour ? DateTimeOffset.FromUnixTimeSeconds(hour) : null, r.Status))
            .ToList();
    }

    /// <summary>SQL projection of one flags-list row before its variations are attached.</summary>
    private sealed class FlagStatsRow
    {
        public int Id { get; init; }

        public required string Key { get; init; }

        public required string Name { get; init; }

        public long Evaluations { get; init; }

        public long LegacyEvaluations { get; init; }

        public double? LegacyShare { get; init; }

        public int ConsumersOnLegacy { get; init; }

        public long? LastHour { get; init; }

        public FlagStatus Status { get; init; }
    }
}
