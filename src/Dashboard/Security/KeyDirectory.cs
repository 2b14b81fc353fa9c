using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Dashboard.Security;

/// <summary>
/// Looks up API keys and LaunchDarkly SDK keys by hash. Ingest authenticates every request, so lookups are cached
/// briefly; revoking a key calls <see cref="Forget"/>, so revocation takes effect at once in this process.
/// </summary>
public sealed class KeyDirectory(IDbContextFactory<DashboardDbContext> dbFactory, IMemoryCache cache, TimeProvider timeProvider)
{
    /// <summary>Long enough to spare the database on busy ingest, short enough that "last used" stays meaningful.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private sealed record Miss;

    private static readonly Miss NotFound = new();

    public async ValueTask<ApiKeyIdentity?> FindApiKeyAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret);
        if (cache.TryGetValue(CacheKey("api", hash), out var cached))
        {
            return cached as ApiKeyIdentity;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash)
            .Select(k => new ApiKeyIdentity(k.Id, k.Prefix, k.Scopes, k.RevokedAt != null, k.EnvironmentId, k.Environment!.Key))
            .SingleOrDefaultAsync(cancellationToken);
        if (key is { IsRevoked: false })
        {
            // Recorded once per cache period rather than on every request: one write per key per half minute.
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, timeProvider.GetUtcNow().UtcDateTime), cancellationToken);
        }

        cache.Set(CacheKey("api", hash), (object?)key ?? NotFound, CacheDuration);
        return key;
    }

    public async ValueTask<SdkKeyIdentity?> FindSdkKeyAsync(string sdkKey, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(sdkKey);
        if (cache.TryGetValue(CacheKey("sdk", hash), out var cached))
        {
            return cached as SdkKeyIdentity;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.SdkKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new SdkKeyIdentity(k.Id, k.Name + " (…" + k.Suffix + ")", k.RevokedAt != null, k.EnvironmentId, k.Environment!.Key))
            .SingleOrDefaultAsync(cancellationToken);
        if (key is { IsRevoked: false })
        {
            await db.SdkKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, timeProvider.GetUtcNow().UtcDateTime), cancellationToken);
        }

        cache.Set(CacheKey("sdk", hash), (object?)key ?? NotFound, CacheDuration);
        return key;
    }

    /// <summary>Drops a cached lookup, e.g. right after the key was revoked.</summary>
    public void Forget(string hash)
    {
        cache.Remove(CacheKey("api", hash));
        cache.Remove(CacheKey("sdk", hash));
    }

    private static string CacheKey(string kind, string hash) => "key-directory:" + kind + ":" + hash;
}
