using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Dashboard.Ingest;

/// <summary>
/// Flags and their variations for validating events, cached briefly per environment and key. The ingest writer
/// invalidates entries when it discovers flags or variations.
/// </summary>
public sealed class FlagCatalog(IDbContextFactory<DashboardDbContext> dbFactory, IMemoryCache cache)
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(15);

    private sealed record Unknown;

    private static readonly Unknown UnknownFlag = new();

    /// <summary>The known flags among <paramref name="flagKeys"/>; keys not in the result are not known yet.</summary>
    public async Task<IReadOnlyDictionary<string, KnownFlag>> FindAsync(int environmentId, IEnumerable<string> flagKeys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, KnownFlag>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in flagKeys.Distinct(StringComparer.Ordinal))
        {
            if (cache.TryGetValue(CacheKey(environmentId, key), out var cached))
            {
                if (cached is KnownFlag flag)
                {
                    found[key] = flag;
                }
            }
            else
            {
                missing.Add(key);
            }
        }

        if (missing.Count == 0)
        {
            return found;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in missing.Chunk(500))
        {
            var flags = await db.Flags.AsNoTracking()
                .Where(f => f.EnvironmentId == environmentId && chunk.Contains(f.Key))
                .Select(f => new { f.Id, f.Key, f.Source, Variations = f.Variations.OrderBy(v => v.Index).Select(v => new { v.Index, v.ValueJson }).ToList() })
                .ToListAsync(cancellationToken);
            foreach (var flag in flags)
            {
                var variations = flag.Variations.Select(v => new KnownVariation(v.Index, v.ValueJson, KnownVariation.ParseValue(v.ValueJson))).ToList();
                found[flag.Key] = new KnownFlag(flag.Id, flag.Key, flag.Source, variations);
            }

            foreach (var key in chunk)
            {
                cache.Set<object>(CacheKey(environmentId, key), found.TryGetValue(key, out var flag) ? flag : UnknownFlag, CacheDuration);
            }
        }

        return found;
    }

    public void Invalidate(int environmentId, string flagKey) => cache.Remove(CacheKey(environmentId, flagKey));

    private static string CacheKey(int environmentId, string flagKey) =>
        "flag-catalog:" + environmentId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + flagKey;
}
