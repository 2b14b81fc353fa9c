using System.Net;
using System.Net.Http.Headers;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Ingest;
using Microsoft.EntityFrameworkCore;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Api;

/// <summary>A flag created by a mistaken event can be archived or deleted with its data; synced flags and flags with plans cannot.</summary>
public sealed class FlagRemovalApiTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    private const string ManageKey = "sdl_test_production_manage_key_0001";

    [Fact]
    public async Task VariationNineOfAnUnknownFlag_IsAcceptedAsADiscoveredFlag_AndDeleteRemovesItWithItsDataAndAudits()
    {
        var client = await StartAsync();
        var key = "nope-" + Guid.NewGuid().ToString("N")[..8];
        using (var posted = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(flagKey: key, variation: 9)))))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var flagId = await FlagIdAsync(key);
        Assert.NotNull(flagId);

        using var response = await client.SendAsync(Request(HttpMethod.Delete, key, ManageKey));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        Assert.False(await db.Flags.AnyAsync(f => f.Id == flagId));
        Assert.False(await db.FlagVariations.AnyAsync(v => v.FlagId == flagId));
        Assert.False(await db.EvaluationRollups.AnyAsync(r => r.FlagId == flagId));
        Assert.False(await db.ConsumerFlagStates.AnyAsync(s => s.FlagId == flagId));
        var entry = await db.AuditEntries.SingleAsync(e => e.EntityId == key);
        Assert.Equal("flag.deleted", entry.Action);
        Assert.Contains("1 rollup row(s) counting 1 evaluation(s)", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_DiscoveredFlag_HidesItAndAudits()
    {
        var client = await StartAsync();
        var key = await DiscoverAsync(client);

        using var response = await client.SendAsync(Request(HttpMethod.Post, key + "/archive", ManageKey));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        Assert.True(await db.Flags.Where(f => f.Key == key).Select(f => f.IsArchived).SingleAsync());
        Assert.Equal("flag.archived", (await db.AuditEntries.SingleAsync(e => e.EntityId == key)).Action);
    }

    [Fact]
    public async Task Delete_SyncedFlag_Is409NamingWhy_AndKeepsIt()
    {
        var client = await StartAsync();

        using var response = await client.SendAsync(Request(HttpMethod.Delete, IngestAppFactory.KnownFlag, ManageKey));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var errors = await ReadErrorsAsync(response);
        Assert.Contains("comes from LaunchDarkly flag data", errors["flag"][0], StringComparison.Ordinal);
        Assert.NotNull(await FlagIdAsync(IngestAppFactory.KnownFlag));
    }

    [Fact]
    public async Task Delete_DiscoveredFlagWithAPlan_Is409_AndKeepsItsData()
    {
        var client = await StartAsync();
        var key = await DiscoverAsync(client);
        var flagId = (await FlagIdAsync(key))!.Value;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var now = IngestAppFactory.Now.UtcDateTime;
            db.DeprecationPlans.Add(new DeprecationPlan
            {
                EnvironmentId = factory.ProductionId, FlagId = flagId, Title = "Retire " + key, DeprecationAt = now.AddDays(30), SunsetAt = now.AddDays(120),
                CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        using var response = await client.SendAsync(Request(HttpMethod.Delete, key, ManageKey));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("has the deprecation plan(s)", (await ReadErrorsAsync(response))["flag"][0], StringComparison.Ordinal);
        await using var check = await factory.CreateDbContextAsync();
        Assert.True(await check.EvaluationRollups.AnyAsync(r => r.FlagId == flagId));
    }

    [Fact]
    public async Task Delete_WithAReadOnlyKey_IsForbidden_AndKeepsTheFlag()
    {
        var client = await StartAsync();
        var key = await DiscoverAsync(client);

        using var response = await client.SendAsync(Request(HttpMethod.Delete, key, IngestAppFactory.ReadOnlyKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(await FlagIdAsync(key));
    }

    private async Task<HttpClient> StartAsync()
    {
        var client = await factory.StartAsync();
        await using var db = await factory.CreateDbContextAsync();
        if (!await db.ApiKeys.AnyAsync(k => k.Name == "production manage"))
        {
            db.ApiKeys.Add(new ApiKey
            {
                Name = "production manage", EnvironmentId = factory.ProductionId, Prefix = ApiKeySecrets.DisplayPrefix(ManageKey), SecretHash = ApiKeySecrets.Hash(ManageKey),
                Scopes = ApiKeyScopes.Manage, CreatedAt = IngestAppFactory.Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        return client;
    }

    /// <summary>Sends one event for a new key and waits until ingest has created the flag.</summary>
    private async Task<string> DiscoverAsync(HttpClient client)
    {
        var key = "typo-" + Guid.NewGuid().ToString("N")[..8];
        using var posted = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(flagKey: key, variation: 0))));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.NotNull(await FlagIdAsync(key));
        return key;
    }

    private async Task<int?> FlagIdAsync(string key)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Flags.Where(f => f.EnvironmentId == factory.ProductionId && f.Key == key).Select(f => (int?)f.Id).SingleOrDefaultAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string apiKey)
    {
        var request = new HttpRequestMessage(method, "/api/v1/environments/production/flags/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return request;
    }
}
