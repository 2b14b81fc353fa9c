using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Validation;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>
/// Who receives which variation of a flag. Counts (evaluations, legacy evaluations) are summed in SQL over the hourly
/// rollups in the filter's window, with legacy decided by <see cref="LegacyUsage"/>; the latest-state table only supplies
/// the display columns "first seen", "last seen" and "last variation".
/// </summary>
public sealed class FlagConsumerQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    /// <summary>The most rows one export writes; a larger result asks the user to narrow the filter.</summary>
    public const int ExportLimit = 100_000;

    public async Task<PagedResult<FlagConsumerRow>> GetPageAsync(
        int flagId, FlagConsumerFilter filter, FlagConsumerSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await LoadFlagAsync(db, flagId, cancellationToken);
        var rollups = Filter(db, flag, filter);
        var grouped = Group(db, flag.Id, rollups, filter.LegacyOnly);
        var total = await grouped.CountAsync(cancellationToken);
        var pageRows = await Sort(grouped, sort, descending).Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResult<FlagConsumerRow>(await DetailAsync(db, flag, rollups, pageRows, cancellationToken), total);
    }

    /// <summary>Every row the filter selects, in the table's order: what the CSV export writes.</summary>
    public async Task<IReadOnlyList<FlagConsumerRow>> GetAllAsync(
        int flagId, FlagConsumerFilter filter, FlagConsumerSort sort, bool descending, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await LoadFlagAsync(db, flagId, cancellationToken);
        var rollups = Filter(db, flag, filter);
        var rows = await Sort(Group(db, flag.Id, rollups, filter.LegacyOnly), sort, descending).Take(ExportLimit + 1).ToListAsync(cancellationToken);
        if (rows.Count > ExportLimit)
        {
            throw new FieldErrorsException("filter", $"The filter selects more than {ExportLimit:N0} consumers; narrow it before exporting.");
        }

        return await DetailAsync(db, flag, rollups, rows, cancellationToken);
    }

    /// <summary>Client types recorded for a flag, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> GetClientTypesAsync(int flagId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ConsumerFlagStates.AsNoTracking()
            .Where(s => s.FlagId == flagId)
            .Select(s => s.ClientType).Distinct().OrderBy(t => t)
            .ToListAsync(cancellationToken);
    }

    private static async Task<FlagInfo> LoadFlagAsync(DashboardDbContext db, int flagId, CancellationToken cancellationToken)
    {
        var flag = await db.Flags.AsNoTracking()
            .Where(f => f.Id == flagId)
            .Select(f => new { f.Environment!.ApiVersionScheme, Variations = f.Variations.Select(v => new { v.Index, v.Name, v.ValueJson }).ToList() })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new KeyNotFoundException($"Flag {flagId} does not exist.");
        return new FlagInfo(
            flagId,
            flag.ApiVersionScheme,
            flag.Variations.ToDictionary(v => v.Index, v => FlagQueries.VariationLabel(v.Index, v.Name, v.ValueJson)));
    }

    private static IQueryable<EvaluationRollup> Filter(DashboardDbContext db, FlagInfo flag, FlagConsumerFilter filter)
    {
        var states = db.EvaluationRollups.AsNoTracking().Where(s => s.FlagId == flag.Id);

        if (!string.IsNullOrWhiteSpace(filter.ApiVersion))
        {
            var key = SortKey("apiVersion", filter.ApiVersion, flag.ApiVersionScheme);
            states = states.Where(s => s.ApiVersionStatus == VersionStatus.Valid && s.ApiVersionSortKey == key);
        }

        if (!string.IsNullOrWhiteSpace(filter.MinApiVersion))
        {
            var min = SortKey("minApiVersion", filter.MinApiVersion, flag.ApiVersionScheme, ordered: true);
            states = states.Where(s => s.ApiVersionStatus == VersionStatus.Valid && s.ApiVersionSortKey.CompareTo(min) >= 0);
        }

        if (!string.IsNullOrWhiteSpace(filter.MaxApiVersion))
        {
            // A release sorts after its pre-releases ("~" suffix), so an inclusive upper bound of 2.0.0 keeps 2.0.0-beta too.
            var max = SortKey("maxApiVersion", filter.MaxApiVersion, flag.ApiVersionScheme, ordered: true);
            states = states.Where(s => s.ApiVersionStatus == VersionStatus.Valid && s.ApiVersionSortKey.CompareTo(max) <= 0);
        }

        if (!string.IsNullOrWhiteSpace(filter.ClientType))
        {
            var clientType = filter.ClientType.Trim();
            states = states.Where(s => s.ClientType == clientType);
        }

        if (filter.SeenSince is { } since)
        {
            var from = since.ToUnixTimeSeconds();
            states = states.Where(s => s.HourStart >= from);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + filter.Search.Trim() + "%";
            states = states.Where(s => db.Consumers.Any(c => c.Id == s.ConsumerId && (EF.Functions.Like(c.Key, pattern) || EF.Functions.Like(c.DisplayName, pattern))));
        }

        return states;
    }

    private static string SortKey(string field, string value, VersionScheme scheme, bool ordered = false)
    {
        if (ordered && scheme == VersionScheme.Opaque)
        {
            throw new FieldErrorsException(field, "This environment's API versions are opaque strings; they have no order, so only an exact version can be filtered.");
        }

        var version = VersionReader.Read(value, scheme);
        return version.Status == VersionStatus.Valid
            ? version.SortKey
            : throw new FieldErrorsException(field, scheme == VersionScheme.Date
                ? $"'{value}' is not a date version (expected yyyy-MM-dd, e.g. 2023-11-01)."
                : $"'{value}' is not a semantic version (expected e.g. 2, 2.1 or 2.1.0).");
    }

    private static IQueryable<GroupedRow> Group(DashboardDbContext db, int flagId, IQueryable<EvaluationRollup> rollups, bool legacyOnly)
    {
        var legacy = LegacyUsage.OnLegacy(db, rollups);
        var states = db.ConsumerFlagStates.AsNoTracking().Where(s => s.FlagId == flagId);
        var grouped = rollups
            .GroupBy(r => r.ConsumerId)
            .Select(g => new
            {
                ConsumerId = g.Key,
                Evaluations = g.Sum(r => r.Count),
                LegacyEvaluations = legacy.Where(l => l.ConsumerId == g.Key).Sum(l => (long?)l.Count) ?? 0,
            });
        if (legacyOnly)
        {
            grouped = grouped.Where(g => g.LegacyEvaluations > 0);
        }

        return grouped.Join(db.Consumers, g => g.ConsumerId, c => c.Id, (g, c) => new GroupedRow
        {
            ConsumerId = g.ConsumerId,
            Key = c.Key,
            DisplayName = c.DisplayName,
            Evaluations = g.Evaluations,
            LegacyEvaluations = g.LegacyEvaluations,
            FirstSeenAt = states.Where(s => s.ConsumerId == g.ConsumerId).Min(s => (DateTime?)s.FirstSeenAt),
            LastSeenAt = states.Where(s => s.ConsumerId == g.ConsumerId).Max(s => (DateTime?)s.LastSeenAt),
        });
    }

    private static IQueryable<GroupedRow> Sort(IQueryable<GroupedRow> rows, FlagConsumerSort sort, bool descending) => sort switch
    {
        FlagConsumerSort.Evaluations => descending ? rows.OrderByDescending(r => r.Evaluations).ThenBy(r => r.Key) : rows.OrderBy(r => r.Evaluations).ThenBy(r => r.Key),
        FlagConsumerSort.FirstSeen => descending ? rows.OrderByDescending(r => r.FirstSeenAt).ThenBy(r => r.Key) : rows.OrderBy(r => r.FirstSeenAt).ThenBy(r => r.Key),
        FlagConsumerSort.LastSeen => descending ? rows.OrderByDescending(r => r.LastSeenAt).ThenBy(r => r.Key) : rows.OrderBy(r => r.LastSeenAt).ThenBy(r => r.Key),
        _ => descending ? rows.OrderByDescending(r => r.Key) : rows.OrderBy(r => r.Key),
    };

    /// <summary>Versions and client types (from the same filtered rollups), last variation (latest state) and contacts of the listed consumers.</summary>
    private static async Task<List<FlagConsumerRow>> DetailAsync(
        DashboardDbContext db, FlagInfo flag, IQueryable<EvaluationRollup> rollups, List<GroupedRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.ConsumerId).ToList();
        var details = (await rollups
                .Where(s => ids.Contains(s.ConsumerId))
                .Select(s => new { s.ConsumerId, s.ApiVersion, s.ApiVersionStatus, s.ApiVersionSortKey, s.ClientType })
                .Distinct()
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.ConsumerId);
        var lastStates = (await db.ConsumerFlagStates.AsNoTracking()
                .Where(s => s.FlagId == flag.Id && ids.Contains(s.ConsumerId))
                .Select(s => new { s.ConsumerId, s.VariationIndex, s.LastSeenAt })
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.ConsumerId);
        var contacts = (await db.Contacts.AsNoTracking()
                .Where(c => ids.Contains(c.ConsumerId))
                .OrderBy(c => c.Email)
                .Select(c => new { c.ConsumerId, c.Email })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.ConsumerId, c => c.Email);

        return rows.Select(row =>
        {
            var consumerStates = details[row.ConsumerId].ToList();
            var versions = consumerStates
                .GroupBy(s => s.ApiVersionSortKey, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.First().ApiVersionStatus switch
                {
                    VersionStatus.Missing => AdoptionQueries.MissingLabel,
                    VersionStatus.Invalid => $"{g.First().ApiVersion} (invalid)",
                    _ => g.First().ApiVersion,
                })
                .ToList();
            var clientTypes = consumerStates.Select(s => s.ClientType).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var last = lastStates[row.ConsumerId].MaxBy(s => s.LastSeenAt);
            var lastVariation = last is null ? ""
                : flag.VariationLabels.TryGetValue(last.VariationIndex, out var label) ? label
                : AdoptionQueries.UnknownVariationLabel;
            return new FlagConsumerRow(row.Key, row.DisplayName, versions, clientTypes, lastVariation, row.LegacyEvaluations, row.Evaluations,
                row.FirstSeenAt ?? default, row.LastSeenAt ?? default, contacts[row.ConsumerId].ToList());
        }).ToList();
    }

    private sealed record FlagInfo(int Id, VersionScheme ApiVersionScheme, IReadOnlyDictionary<int, string> VariationLabels);

    private sealed class GroupedRow
    {
        public int ConsumerId { get; init; }

        public required string Key { get; init; }

        public required string DisplayName { get; init; }

        public long Evaluations { get; init; }

        public long LegacyEvaluations { get; init; }

        public DateTime? FirstSeenAt { get; init; }

        public DateTime? LastSeenAt { get; init; }
    }
}
