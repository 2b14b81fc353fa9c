using System.Text.Json.Nodes;
using Dashboard.Auditing;
using Dashboard.Data.Entities;
using Dashboard.Database;
using Dashboard.FlagData;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using Dashboard.LaunchDarkly;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.LaunchDarkly;

public sealed class LaunchDarklySyncTests : IAsyncLifetime
{
    private const string Token = "api-0123456789abcdef";

    private TestDatabase database = default!;
    private LaunchDarklyStubServer stub = default!;
    private ServiceProvider services = default!;
    private int productionId;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        stub = await LaunchDarklyStubServer.StartAsync();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration[$"ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionStringName}"] = database.ConnectionString;
        builder.Configuration["LaunchDarkly:BaseUrl"] = stub.BaseUrl.ToString();
        builder.Configuration["LaunchDarkly:ApiToken"] = Token;
        builder.Configuration["LaunchDarkly:ProjectKey"] = "api-platform";
        builder.Configuration["LaunchDarkly:FlagPageSize"] = "2";
        builder.Configuration["LaunchDarkly:MaxRateLimitWait"] = "00:00:05";
        builder.AddDashboardDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddFlagData();
        builder.AddLaunchDarklySync();
        var collection = new ServiceCollection();
        foreach (var descriptor in builder.Services)
        {
            ((ICollection<ServiceDescriptor>)collection).Add(descriptor);
        }

        collection.AddLogging();
        services = collection.BuildServiceProvider();

        await using var db = database.CreateContext();
        var production = new DashboardEnvironment { Key = "production", Name = "Production", IsDefault = true, LaunchDarklyEnvironmentKey = "production" };
        db.Environments.Add(production);
        await db.SaveChangesAsync();
        productionId = production.Id;
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await stub.DisposeAsync();
        await database.DisposeAsync();
    }

    private LaunchDarklySync Sync => services.GetRequiredService<LaunchDarklySync>();

    private void ServeRecordedProject() => stub.Respond = (request, _) => (request.Path.Value, request.Query["offset"].ToString()) switch
    {
        ("/api/v2/flags/api-platform", "0") => new StubResponse(200, LaunchDarklyStubServer.Fixture("flags-page1.json")),
        ("/api/v2/flags/api-platform", "2") => new StubResponse(200, LaunchDarklyStubServer.Fixture("flags-page2.json")),
        ("/api/v2/segments/api-platform/production", _) => new StubResponse(200, LaunchDarklyStubServer.Fixture("segments.json")),
        ("/api/v2/projects/api-platform", _) => new StubResponse(200, LaunchDarklyStubServer.Fixture("project.json")),
        _ => new StubResponse(404, """{"code":"not_found"}"""),
    };

    [Fact]
    public async Task SyncAsync_PagedFlags_StoresEveryServedFlagAndSegmentAndEvaluates()
    {
        ServeRecordedProject();

        var status = await Sync.SyncAsync("admin@example.com");

        Assert.True(status.Succeeded, status.Summary);
        Assert.Contains("2 flags added", status.Summary, StringComparison.Ordinal);
        var flagRequests = stub.Requests.Where(r => r.Path == "/api/v2/flags/api-platform").ToList();
        Assert.Equal(2, flagRequests.Count);
        Assert.All(stub.Requests, r => Assert.Equal(Token, r.Authorization));
        Assert.All(flagRequests, r => Assert.Contains("env=production", r.Query, StringComparison.Ordinal));
        Assert.All(flagRequests, r => Assert.Contains("summary=0", r.Query, StringComparison.Ordinal));

        await using var db = database.CreateContext();
        Assert.Equal(["checkout-experiment", "use-new-response-format"], await db.FlagSnapshots.OrderBy(s => s.FlagKey).Select(s => s.FlagKey).ToListAsync());
        Assert.Equal(["beta-partners"], await db.SegmentSnapshots.Select(s => s.SegmentKey).ToListAsync());
        var flag = await db.Flags.Include(f => f.Variations).SingleAsync(f => f.Key == "use-new-response-format");
        Assert.Equal(("New JSON response format (v2)", FlagSource.LaunchDarkly), (flag.Name, flag.Source));
        Assert.Equal(["New", "Legacy"], flag.Variations.OrderBy(v => v.Index).Select(v => v.Name));
        Assert.Equal(7, await db.FlagSnapshots.Where(s => s.FlagKey == "use-new-response-format").Select(s => s.Version).SingleAsync());

        var data = await services.GetRequiredService<FlagDataCache>().GetAsync(productionId);
        var detail = data.Evaluator.Evaluate("use-new-response-format", EvaluationContext.FromJson("""{"kind":"request","key":"r","apiVersion":"2.1.0"}"""), default);
        Assert.Equal(0, detail.VariationIndex);

        var lastSync = (await services.GetRequiredService<LaunchDarklySettingsStore>().GetAsync()).LastSync;
        Assert.True(lastSync!.Succeeded);
    }

    [Fact]
    public async Task SyncAsync_SameDataAgain_AddsNoSnapshots()
    {
        ServeRecordedProject();
        await Sync.SyncAsync("admin@example.com");

        var second = await Sync.SyncAsync("admin@example.com");

        Assert.Contains("0 flags added, 0 changed, 0 removed, 2 unchanged", second.Summary, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.FlagSnapshots.CountAsync());
    }

    [Fact]
    public async Task SyncAsync_TokenRejected_RecordsFailureAndStoresNothing()
    {
        stub.Respond = (_, _) => new StubResponse(401, """{"code":"unauthorized","message":"Invalid access token"}""");

        var status = await Sync.SyncAsync("admin@example.com");

        Assert.False(status.Succeeded);
        Assert.Contains("401", status.Summary, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.FlagSnapshots.CountAsync());
        Assert.False((await services.GetRequiredService<LaunchDarklySettingsStore>().GetAsync()).LastSync!.Succeeded);
    }

    [Fact]
    public async Task SyncAsync_RateLimited_WaitsForTheResetThenSucceeds()
    {
        ServeRecordedProject();
        var recorded = stub.Respond;
        stub.Respond = (request, number) => number == 1
            ? new StubResponse(429, """{"code":"rate_limited","message":"You've exceeded the API rate limit."}""", new Dictionary<string, string>
            {
                ["X-Ratelimit-Reset"] = DateTimeOffset.UtcNow.AddMilliseconds(600).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            : recorded(request, number);

        var status = await Sync.SyncAsync("admin@example.com");

        Assert.True(status.Succeeded, status.Summary);
        var requests = stub.Requests.ToList();
        Assert.Equal(requests[0].Path, requests[1].Path);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(450), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task SyncAsync_MalformedBody_LeavesEarlierDataUnchanged()
    {
        ServeRecordedProject();
        await Sync.SyncAsync("admin@example.com");
        stub.Respond = (_, _) => new StubResponse(200, """{"items":[{"key":"broken",""");

        var status = await Sync.SyncAsync("admin@example.com");

        Assert.False(status.Succeeded);
        Assert.Contains("not the expected JSON", status.Summary, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.FlagSnapshots.CountAsync());
        var data = await services.GetRequiredService<FlagDataCache>().GetAsync(productionId);
        Assert.NotNull(data.Store.GetFlag("use-new-response-format"));
    }

    [Fact]
    public async Task SyncAsync_PrerequisiteChainDeeperThanTheLimit_FailsNamingTheFlagAndStoresNothing()
    {
        var links = FlagDataLimits.MaxPrerequisiteDepth + 1;
        var flags = new JsonArray([.. Enumerable.Range(0, links + 1).Select(i => (JsonNode?)new JsonObject
        {
            ["key"] = $"c{i}",
            ["variations"] = new JsonArray(new JsonObject { ["value"] = true }, new JsonObject { ["value"] = false }),
            ["environments"] = new JsonObject
            {
                ["production"] = new JsonObject
                {
                    ["on"] = true, ["version"] = 1, ["salt"] = "s", ["offVariation"] = 1, ["fallthrough"] = new JsonObject { ["variation"] = 0 },
                    ["prerequisites"] = i < links ? new JsonArray(new JsonObject { ["key"] = $"c{i + 1}", ["variation"] = 0 }) : new JsonArray(),
                },
            },
        })]);
        stub.Respond = (request, _) => request.Path.Value!.StartsWith("/api/v2/flags/", StringComparison.Ordinal)
            ? new StubResponse(200, new JsonObject { ["items"] = flags.DeepClone(), ["_links"] = new JsonObject() }.ToJsonString())
            : new StubResponse(200, """{"items":[],"_links":{}}""");

        var status = await Sync.SyncAsync("admin@example.com");

        Assert.False(status.Succeeded);
        Assert.Contains($"flag \"c0\": prerequisites nest {links} levels deep", status.Summary, StringComparison.Ordinal);
        Assert.Contains($"at most {FlagDataLimits.MaxPrerequisiteDepth} levels are allowed", status.Summary, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.FlagSnapshots.CountAsync());
    }

    [Fact]
    public async Task SyncAsync_ItemsThatAreNotFlags_FailsNamingTheProblem()
    {
        stub.Respond = (_, _) => new StubResponse(200, """{"items":[{"name":"no key here"}],"_links":{}}""");

        var status = await Sync.SyncAsync("admin@example.com");

        Assert.False(status.Succeeded);
        Assert.Contains("has no \"key\"", status.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_KnownProject_ListsItsEnvironments()
    {
        ServeRecordedProject();

        var result = await Sync.TestConnectionAsync(null, null);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("production, test", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_MappedEnvironmentMissingInLaunchDarkly_Fails()
    {
        ServeRecordedProject();
        await using (var db = database.CreateContext())
        {
            var production = await db.Environments.SingleAsync();
            production.LaunchDarklyEnvironmentKey = "prod";
            await db.SaveChangesAsync();
        }

        var result = await Sync.TestConnectionAsync("api-typed-in-the-form", null);

        Assert.False(result.Succeeded);
        Assert.Contains("production → prod", result.Message, StringComparison.Ordinal);
        Assert.Equal("api-typed-in-the-form", stub.Requests.Single().Authorization);
    }
}
