using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.FlagData;
using Dashboard.Flags;
using Dashboard.Flags.Model;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Matrix;

/// <summary>Loads what the version matrix needs (environment, flag, recorded counts summed in SQL) and builds it.</summary>
public sealed class VersionMatrixQueries(IDbContextFactory<DashboardDbContext> dbFactory, FlagDataCache flagData, TimeProvider timeProvider)
{
    /// <summary>How far back "what consumers actually received" looks.</summary>
    public static readonly TimeSpan RecordedWindow = TimeSpan.FromDays(30);

    /// <param name="environmentId">The environment whose flag data and recordings are used.</param>
    /// <param name="flagId">Sundial's flag row.</param>
    /// <param name="dimension">Rows by API or client version; null picks the one the flag's rules test.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public async Task<VersionMatrixResult> BuildAsync(int environmentId, int flagId, VersionDimension? dimension = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == environmentId, cancellationToken);
        var flagRow = await db.Flags.AsNoTracking().Include(f => f.Variations).FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (environment is null || flagRow is null)
        {
            return new VersionMatrixResult(flagRow?.Key ?? "", environment?.Name ?? "", dimension ?? VersionDimension.ApiVersion, null, null,
                environment is null ? "This environment does not exist." : "This flag does not exist.");
        }

        var data = await flagData.GetAsync(environmentId, cancellationToken);
        if (data.Store.GetFlag(flagRow.Key) is not { } flag)
        {
            return new VersionMatrixResult(flagRow.Key, environment.Name, dimension ?? VersionDimension.ApiVersion, null, data.Evaluator,
                $"There is no LaunchDarkly data for \"{flagRow.Key}\" in {environment.Name} yet. Sync it or import an SDK data file in Settings → LaunchDarkly.");
        }

        var chosen = dimension ?? SuggestDimension(flag, data.Store, environment.ConsumerMapping);
        var recorded = await RecordedAsync(db, environmentId, flagRow.Id, chosen, cancellationToken);
        var variations = flag.Variations
            .Select((value, index) =>
            {
                var row = flagRow.Variations.FirstOrDefault(v => v.Index == index);
                return new MatrixVariation(index, value.GetRawText(), row?.Name, row?.IsLegacy ?? false);
            })
            .ToList();
        var scheme = chosen == VersionDimension.ApiVersion ? environment.ApiVersionScheme : environment.ClientVersionScheme;
        var matrix = VersionMatrixBuilder.Build(new VersionMatrixInput(flag, data.Store, data.Evaluator, chosen, scheme, environment.ConsumerMapping, recorded, variations));
        return new VersionMatrixResult(flagRow.Key, environment.Name, chosen, matrix, data.Evaluator, null);
    }

    /// <summary>Client version when the flag's rules test a mapped client-version attribute but no API-version one; otherwise API version.</summary>
    public static VersionDimension SuggestDimension(FeatureFlag flag, FlagStore store, ConsumerMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var tested = FlagInspector.EnumerateClauses(flag, store).Select(c => ContextPath.Of(c.Clause)).OfType<ContextPath>().ToHashSet();
        var testsApi = mapping.ApiVersionAttributes.Select(ContextPath.Parse).Any(tested.Contains);
        var testsClient = mapping.ClientVersionAttributes.Select(ContextPath.Parse).Any(tested.Contains);
        return testsClient && !testsApi ? VersionDimension.ClientVersion : VersionDimension.ApiVersion;
    }

    private async Task<List<RecordedCount>> RecordedAsync(DashboardDbContext db, int environmentId, int flagId, VersionDimension dimension, CancellationToken cancellationToken)
    {
        var since = timeProvider.GetUtcNow().Add(-RecordedWindow).ToUnixTimeSeconds();
        var rollups = db.EvaluationRollups.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.FlagId == flagId && r.HourStart >= since);
        var grouped = dimension == VersionDimension.ApiVersion
            ? rollups.GroupBy(r => new { Version = r.ApiVersion, Status = r.ApiVersionStatus, SortKey = r.ApiVersionSortKey, r.ClientType, r.VariationIndex })
                .Select(g => new RecordedCount(g.Key.Version, g.Key.Status, g.Key.SortKey, g.Key.ClientType, g.Key.VariationIndex, g.Sum(r => r.Count), g.Select(r => r.ConsumerId).Distinct().Count()))
            : rollups.GroupBy(r => new { Version = r.ClientVersion, Status = r.ClientVersionStatus, SortKey = r.ClientVersionSortKey, r.ClientType, r.VariationIndex })
                .Select(g => new RecordedCount(g.Key.Version, g.Key.Status, g.Key.SortKey, g.Key.ClientType, g.Key.VariationIndex, g.Sum(r => r.Count), g.Select(r => r.ConsumerId).Distinct().Count()));
        return await grouped.ToListAsync(cancellationToken);
    }
}
