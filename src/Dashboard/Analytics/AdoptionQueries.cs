using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>
/// Adoption charts of one flag (or one consumer across flags), grouped in SQL over the hourly rollups. Day buckets are
/// local days of the viewer's zone (see <see cref="LocalDays"/>); hour buckets are the stored hours.
/// </summary>
public sealed class AdoptionQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public const string MissingLabel = "(missing)";
    public const string NoClientTypeLabel = "(no client type)";
    public const string UnknownVariationLabel = "(unknown variation)";

    // A separator that cannot occur in a client type, so "client type + version" keys sort by type first.
    private const char KeySeparator = '\u001f';

    public async Task<AdoptionBreakdown> ForFlagAsync(int flagId, AdoptionRequest request, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await db.Flags.AsNoTracking()
            .Where(f => f.Id == flagId)
            .Select(f => new
            {
                f.Environment!.ApiVersionScheme,
                f.Environment.ClientVersionScheme,
                Variations = f.Variations.OrderBy(v => v.Index).Select(v => new { v.Index, v.Name, v.ValueJson, v.IsLegacy }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new KeyNotFoundException($"Flag {flagId} does not exist.");

        var legacyIndexes = flag.Variations.Where(v => v.IsLegacy).Select(v => v.Index).ToList();
        var variationNames = flag.Variations.ToDictionary(v => v.Index, v => FlagQueries.VariationLabel(v.Index, v.Name, v.ValueJson));
        return await QueryAsync(db, "r.FlagId = $scope", flagId, LegacyUsage.OnLegacySql, flag.ApiVersionScheme, flag.ClientVersionScheme, variationNames, legacyIndexes, request, zone, cancellationToken);
    }

    /// <summary>A consumer's evaluations across all flags of its environment.</summary>
    public async Task<AdoptionBreakdown> ForConsumerAsync(int consumerId, AdoptionRequest request, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Consumers.AsNoTracking()
            .Where(c => c.Id == consumerId)
            .Join(db.Environments, c => c.EnvironmentId, e => e.Id, (c, e) => new { e.ApiVersionScheme, e.ClientVersionScheme })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new KeyNotFoundException($"Consumer {consumerId} does not exist.");
        return await QueryAsync(db, "r.ConsumerId = $scope", consumerId, LegacyUsage.OnLegacySql, environment.ApiVersionScheme, environment.ClientVersionScheme,
            new Dictionary<int, string>(), [], request, zone, cancellationToken);
    }

    /// <summary>
    /// The milestones of the flag's deprecation plans (or of one plan), in time order: announce, deprecation, each
    /// brownout's start, sunset, and each campaign when it finished sending. Cancelled plans and campaigns are left out.
    /// </summary>
    public async Task<IReadOnlyList<AdoptionMilestone>> MilestonesAsync(int? flagId, int? planId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plans = await db.DeprecationPlans.AsNoTracking()
            .Where(p => (flagId == null || p.FlagId == flagId) && (planId == null || p.Id == planId) && p.Status != PlanStatus.Cancelled)
            .Select(p => new
            {
                p.Id,
                p.Title,
                p.AnnounceAt,
                p.DeprecationAt,
                p.SunsetAt,
                Brownouts = p.Brownouts.Select(b => b.StartsAt).ToList(),
                Campaigns = db.Campaigns.Where(c => c.PlanId == p.Id && c.Status == CampaignStatus.Completed && c.CompletedAt != null)
                    .Select(c => new { c.Name, c.CompletedAt }).ToList(),
            })
            .ToListAsync(cancellationToken);

        static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        var milestones = new List<AdoptionMilestone>();
        foreach (var plan in plans)
        {
            if (plan.AnnounceAt is { } announce)
            {
                milestones.Add(new AdoptionMilestone(Utc(announce), AdoptionMilestoneKind.Announce, "announce", plan.Id, plan.Title));
            }

            milestones.Add(new AdoptionMilestone(Utc(plan.DeprecationAt), AdoptionMilestoneKind.Deprecation, "deprecation", plan.Id, plan.Title));
            milestones.AddRange(plan.Brownouts.Select(b => new AdoptionMilestone(Utc(b), AdoptionMilestoneKind.Brownout, "brownout", plan.Id, plan.Title)));
            milestones.Add(new AdoptionMilestone(Utc(plan.SunsetAt), AdoptionMilestoneKind.Sunset, "sunset", plan.Id, plan.Title));
            milestones.AddRange(plan.Campaigns.Select(c => new AdoptionMilestone(Utc(c.CompletedAt!.Value), AdoptionMilestoneKind.CampaignSent, $"sent: {c.Name}", plan.Id, plan.Title)));
        }

        return [.. milestones.OrderBy(m => m.At)];
    }

    private static async Task<AdoptionBreakdown> QueryAsync(
        DashboardDbContext db,
        string scopeCondition,
        int scopeId,
        string legacyCondition,
        VersionScheme apiScheme,
        VersionScheme clientScheme,
        IReadOnlyDictionary<int, string> variationNames,
        IReadOnlyCollection<int> legacyIndexes,
        AdoptionRequest request,
        TimeZoneInfo zone,
        CancellationToken cancellationToken)
    {
        var from = request.From.ToUnixTimeSeconds();
        var to = request.To.ToUnixTimeSeconds();
        var buckets = Buckets(from, to, request.Grain, zone, out var firstBucket);
        var (keySql, sampleSql) = GroupKeySql(request.GroupBy, request.Granularity, apiScheme, clientScheme);

        var segments = request.Grain == AdoptionGrain.Hour
            ? (IReadOnlyList<LocalDaySegment>)[new LocalDaySegment(from, to, 0)]
            : LocalDays.Segments(from, to, zone);
        var cells = new List<AdoptionCell>();
        foreach (var segment in segments)
        {
            var bucketSql = request.Grain == AdoptionGrain.Hour ? "r.HourStart" : "(r.HourStart + $offset) / 86400";
            var sql = $"""
                SELECT {bucketSql} AS Bucket, {keySql} AS GroupKey, MIN({sampleSql}) AS Sample,
                       SUM(r.Count) AS Count, SUM(CASE WHEN {legacyCondition} THEN r.Count ELSE 0 END) AS LegacyCount
                FROM EvaluationRollups AS r
                WHERE {scopeCondition} AND r.HourStart >= $from AND r.HourStart < $to
                GROUP BY Bucket, GroupKey
                """;
            cells.AddRange(await db.Database.SqlQueryRaw<AdoptionCell>(
                    sql,
                    new SqliteParameter("$scope", scopeId),
                    new SqliteParameter("$offset", segment.OffsetSeconds),
                    new SqliteParameter("$from", segment.FromUnixSeconds),
                    new SqliteParameter("$to", segment.ToUnixSeconds))
                .ToListAsync(cancellationToken));
        }

        var bucketCount = buckets.Count;
        var totals = new long[bucketCount];
        var legacyTotals = new long[bucketCount];
        var series = new Dictionary<string, (string Label, long[] Counts, bool IsLegacy)>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            var index = request.Grain == AdoptionGrain.Hour ? (cell.Bucket - firstBucket) / 3600 : cell.Bucket - firstBucket;
            if (index < 0 || index >= bucketCount)
            {
                continue;
            }

            if (!series.TryGetValue(cell.GroupKey, out var entry))
            {
                entry = (Label(cell, request, apiScheme, clientScheme, variationNames), new long[bucketCount], IsLegacySeries(cell, request, legacyIndexes));
                series[cell.GroupKey] = entry;
            }

            entry.Counts[index] += cell.Count;
            totals[index] += cell.Count;
            legacyTotals[index] += cell.LegacyCount;
        }

        var ordered = series
            .OrderBy(s => SeriesOrder(s.Key, request.GroupBy), StringComparer.Ordinal)
            .Select(s => new AdoptionSeries(s.Value.Label, s.Value.Counts, s.Value.IsLegacy))
            .ToList();
        return new AdoptionBreakdown(buckets, ordered, totals, legacyTotals, request.Grain);
    }

    private static List<DateTimeOffset> Buckets(long from, long to, AdoptionGrain grain, TimeZoneInfo zone, out long firstBucket)
    {
        var buckets = new List<DateTimeOffset>();
        if (grain == AdoptionGrain.Hour)
        {
            firstBucket = LocalDays.FloorDiv(from, 3600) * 3600;
            for (var hour = firstBucket; hour < to; hour += 3600)
            {
                buckets.Add(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(hour), zone));
            }

            return buckets;
        }

        firstBucket = LocalDays.DayNumber(from, zone);
        var lastDay = LocalDays.DayNumber(to - 1, zone);
        for (var day = firstBucket; day <= lastDay; day++)
        {
            var start = LocalDays.StartOfLocalDay(LocalDays.ToDate(day), zone);
            buckets.Add(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(start), zone));
        }

        return buckets;
    }

    /// <summary>
    /// The SQL that yields each row's series key (it sorts in version order), and the raw value kept as a label sample.
    /// Variation and API version charts touch only columns of <c>IX_EvaluationRollups_Adoption</c>, so SQLite never reads the table.
    /// </summary>
    private static (string Key, string Sample) GroupKeySql(AdoptionGroupBy groupBy, VersionGranularity granularity, VersionScheme apiScheme, VersionScheme clientScheme) => groupBy switch
    {
        AdoptionGroupBy.Variation => ("printf('%09d', r.VariationIndex)", "NULL"),
        AdoptionGroupBy.ApiVersion => (VersionKeySql("r.ApiVersionStatus", "r.ApiVersionSortKey", granularity, apiScheme), "r.ApiVersion"),
        AdoptionGroupBy.ClientType => ("r.ClientType", "NULL"),
        AdoptionGroupBy.ClientVersion => (
            $"r.ClientType || char({(int)KeySeparator}) || " + VersionKeySql("r.ClientVersionStatus", "r.ClientVersionSortKey", granularity, clientScheme),
            "r.ClientVersion"),
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Unknown grouping."),
    };

    private static string VersionKeySql(string statusColumn, string sortKeyColumn, VersionGranularity granularity, VersionScheme scheme)
    {
        var prefix = PrefixLength(granularity, scheme);
        return prefix is null
            ? sortKeyColumn
            : $"CASE WHEN {statusColumn} = {(int)VersionStatus.Valid} THEN substr({sortKeyColumn}, 1, {prefix}) ELSE {sortKeyColumn} END";
    }

    /// <summary>How much of a sort key identifies the group: <c>000000002</c> (major), <c>000000002.000000001</c>, <c>2023-11</c> (month).</summary>
    private static int? PrefixLength(VersionGranularity granularity, VersionScheme scheme) => (granularity, scheme) switch
    {
        (VersionGranularity.Exact, _) or (_, VersionScheme.Opaque) => null,
        (_, VersionScheme.Date) => 7,
        (VersionGranularity.Major, _) => 9,
        _ => 19,
    };

    private static string Label(AdoptionCell cell, AdoptionRequest request, VersionScheme apiScheme, VersionScheme clientScheme, IReadOnlyDictionary<int, string> variationNames)
    {
        switch (request.GroupBy)
        {
            case AdoptionGroupBy.Variation:
                var index = int.Parse(cell.GroupKey, CultureInfo.InvariantCulture);
                return index < 0 ? UnknownVariationLabel : variationNames.TryGetValue(index, out var name) ? name : $"Variation {index}";
            case AdoptionGroupBy.ClientType:
                return cell.GroupKey.Length == 0 ? NoClientTypeLabel : cell.GroupKey;
            case AdoptionGroupBy.ApiVersion:
                return VersionLabel(cell.GroupKey, cell.Sample, request.Granularity, apiScheme);
            default:
                var separator = cell.GroupKey.IndexOf(KeySeparator, StringComparison.Ordinal);
                var clientType = cell.GroupKey[..separator];
                var version = VersionLabel(cell.GroupKey[(separator + 1)..], cell.Sample, request.Granularity, clientScheme);
                return (clientType.Length == 0 ? NoClientTypeLabel : clientType) + " " + version;
        }
    }

    /// <summary>A version group's label, read back from its key: <c>2.1.0</c>, <c>2.x</c>, <c>2.1.x</c>, <c>2023-11</c>, <c>(missing)</c>, <c>v1 (invalid)</c>.</summary>
    internal static string VersionLabel(string key, string? sample, VersionGranularity granularity, VersionScheme scheme)
    {
        if (key == Versions.VersionReader.MissingSortKey)
        {
            return MissingLabel;
        }

        if (key.StartsWith('~'))
        {
            return $"{sample} (invalid)";
        }

        if (scheme != VersionScheme.SemVer)
        {
            return key;
        }

        var parts = key.Split('.', 3);
        var major = long.Parse(parts[0], CultureInfo.InvariantCulture);
        if (granularity == VersionGranularity.Major || parts.Length == 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{major}.x");
        }

        var minor = long.Parse(parts[1], CultureInfo.InvariantCulture);
        if (granularity == VersionGranularity.MajorMinor || parts.Length == 2)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.x");
        }

        var patchAndPrerelease = parts[2];
        var patch = long.Parse(patchAndPrerelease[..9], CultureInfo.InvariantCulture);
        var prerelease = patchAndPrerelease.Length > 10 && patchAndPrerelease[9] == '-' ? patchAndPrerelease[9..] : "";
        return string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.{patch}{prerelease}");
    }

    private static bool IsLegacySeries(AdoptionCell cell, AdoptionRequest request, IReadOnlyCollection<int> legacyIndexes) =>
        request.GroupBy == AdoptionGroupBy.Variation && legacyIndexes.Contains(int.Parse(cell.GroupKey, CultureInfo.InvariantCulture));

    /// <summary>Series in key order; a variation nobody knows (-1) goes last rather than first.</summary>
    private static string SeriesOrder(string key, AdoptionGroupBy groupBy) =>
        groupBy == AdoptionGroupBy.Variation && key.StartsWith('-') ? "~" + key : key;

    private sealed record AdoptionCell(long Bucket, string GroupKey, string? Sample, long Count, long LegacyCount);
}
