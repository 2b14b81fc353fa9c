using System.Net;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>
/// Ingest keeps answering while the dashboard database is locked, and answers 503 with Retry-After (never a 500 with
/// exception details) when its own journal cannot be written; idempotency keys belong to the API key that sent them.
/// </summary>
public sealed class IngestStorageFailureTests
{
    private const string SecondProductionKey = "sdl_test_production_ingest_key_0002";
    private const string ManageKey = "sdl_test_production_manage_key_00001";

    [Fact]
    public async Task DashboardDatabaseWriteLocked_IngestAnswers202_AndAWriteApiAnswers503WithRetryAfter()
    {
        await using var factory = new IngestAppFactory { Settings = { ["Database:BusyTimeout"] = "00:00:01" } };
        var client = await factory.StartAsync();
        await AddKeyAsync(factory, "production manage", ManageKey, ApiKeyScopes.Manage);

        await using (await SqliteWriteLock.OnDashboardAsync(factory))
        {
            // Cold key cache: authentication looks the key up while another connection holds the write lock.
            using var ingest = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "while-locked"))));
            Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);

            using var write = new HttpRequestMessage(HttpMethod.Put, "/api/v1/environments/production/flag-data")
            {
                Content = new StringContent("""{"flags":{},"segments":{}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            write.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ManageKey);
            using var busy = await client.SendAsync(write);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.True(busy.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "503 without Retry-After");
            Assert.DoesNotContain("Sqlite", await busy.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

            // "Last used" waits for the lock like any background write; the request above did not.
            Assert.False(await factory.Services.GetRequiredService<KeyUsage>().FlushAsync(CancellationToken.None));
        }

        Assert.True(await factory.Services.GetRequiredService<KeyUsage>().FlushAsync(CancellationToken.None));
        await using var db = await factory.CreateDbContextAsync();
        Assert.NotNull(await db.ApiKeys.Where(k => k.Name == "production ingest").Select(k => k.LastUsedAt).SingleAsync());
        Assert.Equal(1, await db.EvaluationRollups.CountAsync(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == "while-locked")));
    }

    [Fact]
    public async Task TwoKeysOfOneEnvironment_SameIdempotencyKeyWithDifferentBodies_AreBothCounted()
    {
        await using var factory = new IngestAppFactory();
        var client = await factory.StartAsync();
        await AddKeyAsync(factory, "production ingest 2", SecondProductionKey, ApiKeyScopes.Ingest);

        using var first = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "key-a", count: 2)), "batch-0001"));
        using var second = await client.SendAsync(Native(SecondProductionKey, Batch(Event(consumer: "key-b", count: 3)), "batch-0001"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(2, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == "key-a")).SumAsync(r => r.Count));
        Assert.Equal(3, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == "key-b")).SumAsync(r => r.Count));
    }

    private static async Task AddKeyAsync(IngestAppFactory factory, string name, string secret, ApiKeyScopes scopes)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.ApiKeys.Add(new ApiKey
        {
            Name = name, EnvironmentId = factory.ProductionId, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret),
            Scopes = scopes, CreatedAt = IngestAppFactory.Now.UtcDateTime,
        });
        await db.SaveChangesAsync();
    }
}
