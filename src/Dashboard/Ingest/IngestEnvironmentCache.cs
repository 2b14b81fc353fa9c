using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Dashboard.Ingest;

/// <summary>Environment settings for ingest, cached because every request needs them; edits call <see cref="Invalidate"/>.</summary>
public sealed class IngestEnvironmentCache(IDbContextFactory<DashboardDbContext> dbFactory, IMemoryCache cache)
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(1);

    public async ValueTask<IngestEnvironment?> FindAsync(int environmentId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(environmentId), out IngestEnvironment? cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.AsNoTracking()
            .Where(e => e.Id == environmentId)
            .Select(e => new IngestEnvironment(e.Id, e.Key, e.ApiVersionScheme, e.ClientVersionScheme, e.ConsumerMapping))
            .SingleOrDefaultAsync(cancellationToken);
        if (environment is not null)
        {
            cache.Set(CacheKey(environmentId), environment, CacheDuration);
        }

        return environment;
    }

    public void Invalidate(int environmentId) => cache.Remove(CacheKey(environmentId));

    private static string CacheKey(int environmentId) => "ingest-environment:" + environmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
