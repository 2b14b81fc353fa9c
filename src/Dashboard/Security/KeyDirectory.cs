using System.Collections.Concurrent;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Dashboard.Security;

/// <summary>
/// Looks up API keys and LaunchDarkly SDK keys by hash, reading only: authentication must keep working while the
/// database is busy or read-only (ingest journals into its own file). Keys that exist are cached briefly; unknown keys are
/// not, so random bearer tokens cannot grow the cache (their lookup is one read of a unique index). Concurrent misses
/// for one key share a single lookup; revoking a key calls <see cref="Forget"/>, so revocation takes effect at once in
/// this process. "Last used" is recorded in <see cref="KeyUsage"/>, off the request path.
/// </summary>
public sealed class KeyDirectory(IDbContextFactory<DashboardDbContext> dbFactory, IMemoryCache cache, KeyUsage usage)
{
    /// <summary>Long enough to spare the database on busy ingest, short enough that a change made elsewhere shows soon.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> inFlight = new();

    // Bumped by Forget, so a lookup that started before a revocation does not cache what it read.
    private long generation;

    public async ValueTask<ApiKeyIdentity?> FindApiKeyAsync(string secret, CancellationToken cancellationToken)
    {
        var key = await FindAsync("api", ApiKeySecrets.Hash(secret), (db, hash, ct) => db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash)
            .Select(k => new ApiKeyIdentity(k.Id, k.Prefix, k.Scopes, k.RevokedAt != null, k.EnvironmentId, k.Environment!.Key))
            .SingleOrDefaultAsync(ct), cancellationToken) as ApiKeyIdentity;
        if (key is { IsRevoked: false })
        {
            usage.ApiKeyUsed(key.Id);
        }

        return key;
    }

    public async ValueTask<SdkKeyIdentity?> FindSdkKeyAsync(string sdkKey, CancellationToken cancellationToken)
    {
        var key = await FindAsync("sdk", ApiKeySecrets.Hash(sdkKey), (db, hash, ct) => db.SdkKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new SdkKeyIdentity(k.Id, k.Name + " (…" + k.Suffix + ")", k.RevokedAt != null, k.EnvironmentId, k.Environment!.Key))
            .SingleOrDefaultAsync(ct), cancellationToken) as SdkKeyIdentity;
        if (key is { IsRevoked: false, Id: { } id })
        {
            usage.SdkKeyUsed(id);
        }

        return key;
    }

    /// <summary>Drops a cached lookup, e.g. right after the key was revoked.</summary>
    public void Forget(string hash)
    {
        Interlocked.Increment(ref generation);
        cache.Remove(CacheKey("api", hash));
        cache.Remove(CacheKey("sdk", hash));
    }

    private async ValueTask<object?> FindAsync<T>(
        string kind, string hash, Func<DashboardDbContext, string, CancellationToken, Task<T?>> lookup, CancellationToken cancellationToken)
        where T : class
    {
        var cacheKey = CacheKey(kind, hash);
        if (cache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        // One lookup per key however many requests miss at once; each request may stop waiting for it on its own.
        var flight = inFlight.GetOrAdd(cacheKey, _ => new Lazy<Task<object?>>(() => LookUpAsync(cacheKey, hash, lookup)));
        return await flight.Value.WaitAsync(cancellationToken);
    }

    private async Task<object?> LookUpAsync<T>(string cacheKey, string hash, Func<DashboardDbContext, string, CancellationToken, Task<T?>> lookup)
        where T : class
    {
        try
        {
            var started = Interlocked.Read(ref generation);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var found = await lookup(db, hash, CancellationToken.None);
            if (found is not null && Interlocked.Read(ref generation) == started)
            {
                cache.Set(cacheKey, found, CacheDuration);
            }

            return found;
        }
        finally
        {
            inFlight.TryRemove(cacheKey, out _);
        }
    }

    private static string CacheKey(string kind, string hash) => "key-directory:" + kind + ":" + hash;
}
