using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Unit.Security;

public sealed class KeyDirectoryTests
{
    private const string Secret = "sdl_test_key_directory_single_flight";

    [Fact]
    public async Task ConcurrentRequestsWithAnUncachedKey_ShareOneLookup_AndWriteNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new TestDataBuilder(DateTimeOffset.UtcNow);
        var production = data.Environment("production", isDefault: true);
        await data.SaveAsync(database.Factory);
        await using (var db = database.CreateContext())
        {
            db.ApiKeys.Add(new ApiKey
            {
                Name = "ingest", EnvironmentId = production.Id, Prefix = ApiKeySecrets.DisplayPrefix(Secret), SecretHash = ApiKeySecrets.Hash(Secret),
                Scopes = ApiKeyScopes.Ingest, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var factory = new GatedFactory(database.Factory);
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var directory = new KeyDirectory(factory, cache, new KeyUsage(factory, TimeProvider.System, NullLogger<KeyUsage>.Instance));

        // Every request misses the cache while the first lookup is still waiting for the database.
        var requests = Enumerable.Range(0, 20).Select(_ => directory.FindApiKeyAsync(Secret, CancellationToken.None).AsTask()).ToList();
        factory.Gate.TrySetResult();
        var found = await Task.WhenAll(requests);

        Assert.All(found, key => Assert.Equal(production.Id, key?.EnvironmentId));
        Assert.Equal(1, factory.Created);
        await using var check = database.CreateContext();
        Assert.Null(await check.ApiKeys.Select(k => k.LastUsedAt).SingleAsync());
    }

    [Fact]
    public async Task UnknownKeys_AreNotCached_SoRandomTokensCannotGrowTheCache_AndAKeyAddedLaterWorksAtOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new TestDataBuilder(DateTimeOffset.UtcNow);
        var production = data.Environment("production", isDefault: true);
        await data.SaveAsync(database.Factory);
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var directory = new KeyDirectory(database.Factory, cache, new KeyUsage(database.Factory, TimeProvider.System, NullLogger<KeyUsage>.Instance));

        for (var i = 0; i < 200; i++)
        {
            Assert.Null(await directory.FindApiKeyAsync($"sdl_random_{i:D4}_{Guid.NewGuid():N}", CancellationToken.None));
            Assert.Null(await directory.FindSdkKeyAsync($"sdk-random-{i:D4}-{Guid.NewGuid():N}", CancellationToken.None));
        }

        Assert.Null(await directory.FindApiKeyAsync(Secret, CancellationToken.None));
        Assert.Equal(0, cache.Count);

        await using (var db = database.CreateContext())
        {
            db.ApiKeys.Add(new ApiKey
            {
                Name = "ingest", EnvironmentId = production.Id, Prefix = ApiKeySecrets.DisplayPrefix(Secret), SecretHash = ApiKeySecrets.Hash(Secret),
                Scopes = ApiKeyScopes.Ingest, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(production.Id, (await directory.FindApiKeyAsync(Secret, CancellationToken.None))?.EnvironmentId);
        Assert.Equal(1, cache.Count);
    }

    /// <summary>Counts contexts made for lookups and holds them until <see cref="Gate"/> opens, as a slow database would.</summary>
    private sealed class GatedFactory(IDbContextFactory<DashboardDbContext> inner) : IDbContextFactory<DashboardDbContext>
    {
        private int created;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Created => Volatile.Read(ref created);

        public DashboardDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<DashboardDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref created);
            await Gate.Task;
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
