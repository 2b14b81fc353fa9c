using System.Net;
using System.Net.Http.Json;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Microsoft.EntityFrameworkCore;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

public sealed class NativeIngestTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    private static readonly long HourStart = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task Post_ValidBatch_CountsLandInHourlyRollupsAndLatestState()
    {
        var client = await factory.StartAsync();
        var consumer = "acme-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(
            Event(consumer: consumer, variation: 1, count: 5, timestamp: IngestAppFactory.Now.AddMinutes(-20)),
            Event(consumer: consumer, variation: 1, count: 2, timestamp: IngestAppFactory.Now.AddMinutes(-10)),
            Event(consumer: consumer, variation: 0, apiVersion: "1.4.0", count: 4, timestamp: IngestAppFactory.Now.AddMinutes(-90)))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<IngestAccepted>())!.Accepted);
        await using var db = await factory.CreateDbContextAsync();
        var rollups = await db.EvaluationRollups.AsNoTracking()
            .Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == consumer))
            .OrderBy(r => r.HourStart)
            .Select(r => new { r.ApiVersion, r.ApiVersionStatus, r.ClientType, r.ClientVersion, r.VariationIndex, r.HourStart, r.Count })
            .ToListAsync();
        Assert.Equal(
            [
                new { ApiVersion = "1.4.0", ApiVersionStatus = VersionStatus.Valid, ClientType = "web", ClientVersion = "3.5.2", VariationIndex = 0, HourStart = HourStart - 3600, Count = 4L },
                new { ApiVersion = "2.1.0", ApiVersionStatus = VersionStatus.Valid, ClientType = "web", ClientVersion = "3.5.2", VariationIndex = 1, HourStart, Count = 7L },
            ],
            rollups);
        var states = await db.ConsumerFlagStates.AsNoTracking()
            .Where(s => db.Consumers.Any(c => c.Id == s.ConsumerId && c.Key == consumer))
            .OrderBy(s => s.ApiVersion)
            .Select(s => new { s.ApiVersion, s.VariationIndex, s.TotalCount, s.LastSeenAt })
            .ToListAsync();
        Assert.Equal(
            [
                new { ApiVersion = "1.4.0", VariationIndex = 0, TotalCount = 4L, LastSeenAt = IngestAppFactory.Now.AddMinutes(-90).UtcDateTime },
                new { ApiVersion = "2.1.0", VariationIndex = 1, TotalCount = 7L, LastSeenAt = IngestAppFactory.Now.AddMinutes(-10).UtcDateTime },
            ],
            states);
    }

    [Fact]
    public async Task Post_MissingAndUnreadableVersions_AreRecordedAsMissingAndInvalid()
    {
        var client = await factory.StartAsync();
        var consumer = "health-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(
            Event(consumer: consumer, apiVersion: null, clientVersion: "not-a-version"),
            Event(consumer: consumer, apiVersion: "v2-beta", clientVersion: null))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        var statuses = await db.EvaluationRollups.AsNoTracking()
            .Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == consumer))
            .OrderBy(r => r.ApiVersion)
            .Select(r => new { r.ApiVersion, r.ApiVersionStatus, r.ClientVersionStatus })
            .ToListAsync();
        Assert.Equal(
            [
                new { ApiVersion = "", ApiVersionStatus = VersionStatus.Missing, ClientVersionStatus = VersionStatus.Invalid },
                new { ApiVersion = "v2-beta", ApiVersionStatus = VersionStatus.Invalid, ClientVersionStatus = VersionStatus.Missing },
            ],
            statuses);
    }

    [Fact]
    public async Task Post_UnknownFlagByValue_CreatesADiscoveredFlagWithTheVariationsSeen()
    {
        var client = await factory.StartAsync();
        var flagKey = "discovered-" + Guid.NewGuid().ToString("N")[..8];
        var v1 = Event(flagKey: flagKey, variation: null);
        v1["value"] = "legacy";
        var v2 = Event(flagKey: flagKey, variation: null, count: 3);
        v2["value"] = new { format = "v2" };
        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(v1, v2, v1)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        var flag = await db.Flags.AsNoTracking().Include(f => f.Variations).SingleAsync(f => f.Key == flagKey);
        Assert.Equal(FlagSource.Discovered, flag.Source);
        Assert.Equal(["\"legacy\"", "{\"format\":\"v2\"}"], flag.Variations.OrderBy(v => v.Index).Select(v => v.ValueJson));
        var counts = await db.EvaluationRollups.AsNoTracking().Where(r => r.FlagId == flag.Id)
            .OrderBy(r => r.VariationIndex).Select(r => new { r.VariationIndex, r.Count }).ToListAsync();
        Assert.Equal([new { VariationIndex = 0, Count = 2L }, new { VariationIndex = 1, Count = 3L }], counts);
    }

    [Fact]
    public async Task Post_SameIdempotencyKeyAndBody_AnswersTheSameAndCountsOnce()
    {
        var client = await factory.StartAsync();
        var consumer = "replay-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        var batch = Batch(Event(consumer: consumer, count: 4), Event(consumer: consumer, variation: 0));

        using var first = await client.SendAsync(Native(IngestAppFactory.ProductionKey, batch, key));
        var afterFirst = await StoredIngest.ReadAsync(factory);
        using var second = await client.SendAsync(Native(IngestAppFactory.ProductionKey, batch, key));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(afterFirst, await StoredIngest.ReadAsync(factory));
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(5, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == consumer)).SumAsync(r => r.Count));
        Assert.Equal(1, await db.IngestBatches.CountAsync(b => b.IdempotencyKey.EndsWith(":" + key)));
    }

    [Fact]
    public async Task Post_ConcurrentReplaysOfOneKey_CountOnce()
    {
        var client = await factory.StartAsync();
        var consumer = "race-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        var batch = Batch(Event(consumer: consumer, count: 3));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendAsync(Native(IngestAppFactory.ProductionKey, batch, key))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(3, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == consumer)).SumAsync(r => r.Count));
    }

    [Fact]
    public async Task Post_TenantIdWithoutConsumer_IdentifiesTheConsumer_AndNeitherMeansUnattributed()
    {
        var client = await factory.StartAsync();
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.SendAsync(NativeRaw(
            IngestAppFactory.ProductionKey,
            $$"""{"events":[{"flagKey":"{{IngestAppFactory.KnownFlag}}","variation":0,"tenantId":"{{tenant}}"},{"flagKey":"{{IngestAppFactory.KnownFlag}}","variation":0}]}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        Assert.True(await db.Consumers.AnyAsync(c => c.Key == tenant));
        Assert.True(await db.Consumers.AnyAsync(c => c.Key == IngestStore.UnattributedConsumerKey));
    }
}
