using Dashboard.Data.Entities;
using Dashboard.Options;
using Dashboard.Timelines;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class AffectedConsumerQueriesTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TimelineDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly DashboardEnvironment environment;
    private readonly Flag flag;

    public AffectedConsumerQueriesTests()
    {
        environment = database.AddEnvironment();
        flag = database.AddFlag(environment.Id);
    }

    private async Task<IReadOnlyList<string>> AffectedKeysAsync(DeprecationPlan plan, AudienceFilter? audience = null, int windowDays = 30) =>
        (await new AffectedConsumerQueries(database, TimelineServices.LegacyUsage(clock)).GetAsync(plan.Id, audience, windowDays)).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task GetAsync_VersionRange_UsesVersionOrderNotTextOrder()
    {
        foreach (var (key, version) in new[] { ("v1-9", "1.9.0"), ("v1-10", "1.10.0"), ("v2", "2.0.0"), ("v10", "10.0.0"), ("v0", "0.9.0") })
        {
            database.AddRollup(flag, database.AddConsumer(environment.Id, key), version, variation: 1, Now.AddDays(-1));
        }

        var plan = database.AddPlan(flag, Now, Now.AddDays(90), p => { p.ApiVersionFrom = "1.0.0"; p.ApiVersionBelow = "2.0.0"; });

        Assert.Equal(["v1-10", "v1-9"], await AffectedKeysAsync(plan));
    }

    [Fact]
    public async Task GetAsync_MissingAndInvalidVersions_CountAsAffected()
    {
        database.AddRollup(flag, database.AddConsumer(environment.Id, "missing"), null, variation: 1, Now.AddDays(-1));
        database.AddRollup(flag, database.AddConsumer(environment.Id, "invalid"), "latest", variation: 1, Now.AddDays(-1));
        database.AddRollup(flag, database.AddConsumer(environment.Id, "current"), "2.1.0", variation: 1, Now.AddDays(-1));
        var plan = database.AddPlan(flag, Now, Now.AddDays(90), p => { p.ApiVersionFrom = "1.0.0"; p.ApiVersionBelow = "2.0.0"; });

        Assert.Equal(["invalid", "missing"], await AffectedKeysAsync(plan));
    }

    [Fact]
    public async Task GetAsync_OnlyRetiredVariationsCount()
    {
        database.AddRollup(flag, database.AddConsumer(environment.Id, "legacy"), "1.0.0", variation: 1, Now.AddDays(-1));
        database.AddRollup(flag, database.AddConsumer(environment.Id, "served-new"), "1.0.0", variation: 0, Now.AddDays(-1));
        var plan = database.AddPlan(flag, Now, Now.AddDays(90));

        Assert.Equal(["legacy"], await AffectedKeysAsync(plan));
    }

    [Fact]
    public async Task GetAsync_ClientTypeFilter_KeepsOnlyThoseClients()
    {
        database.AddRollup(flag, database.AddConsumer(environment.Id, "ios"), "1.0.0", 1, Now.AddDays(-1), clientType: "mobile-ios");
        database.AddRollup(flag, database.AddConsumer(environment.Id, "web"), "1.0.0", 1, Now.AddDays(-1), clientType: "web");
        var plan = database.AddPlan(flag, Now, Now.AddDays(90), p => p.ClientTypes = ["mobile-ios"]);

        Assert.Equal(["ios"], await AffectedKeysAsync(plan));
    }

    [Fact]
    public async Task GetAsync_Window_LeavesOutOlderEvaluations()
    {
        database.AddRollup(flag, database.AddConsumer(environment.Id, "recent"), "1.0.0", 1, Now.AddDays(-6));
        database.AddRollup(flag, database.AddConsumer(environment.Id, "stale"), "1.0.0", 1, Now.AddDays(-8));
        var plan = database.AddPlan(flag, Now, Now.AddDays(90));

        Assert.Equal(["recent"], await AffectedKeysAsync(plan, windowDays: 7));
        Assert.Equal(["recent", "stale"], await AffectedKeysAsync(plan, windowDays: 30));
    }

    [Fact]
    public async Task GetAsync_SumsEvaluations_ListsVersionsInOrder_AndShowsExtensions()
    {
        var acme = database.AddConsumer(environment.Id, "acme");
        database.AddRollup(flag, acme, "1.10.0", 1, Now.AddDays(-1), count: 5);
        database.AddRollup(flag, acme, "1.2.0", 1, Now.AddDays(-2), count: 7);
        database.AddRollup(flag, acme, "1.2.0", 1, Now.AddDays(-3), count: 1);
        var plan = database.AddPlan(flag, Now, Now.AddDays(90));
        database.AddExtension(plan, acme, Now.AddDays(120));

        var consumer = Assert.Single(await new AffectedConsumerQueries(database, TimelineServices.LegacyUsage(clock)).GetAsync(plan.Id));

        Assert.Equal(13, consumer.Evaluations);
        Assert.Equal(["1.2.0", "1.10.0"], consumer.ApiVersions);
        Assert.Equal(Now.AddDays(120), consumer.ExtendedSunsetAt);
    }

    [Fact]
    public async Task GetAsync_AudienceFilter_NarrowsByTierAndVersion()
    {
        database.AddRollup(flag, database.AddConsumer(environment.Id, "big-old", "enterprise"), "1.0.0", 1, Now.AddDays(-1));
        database.AddRollup(flag, database.AddConsumer(environment.Id, "big-newer", "enterprise"), "1.5.0", 1, Now.AddDays(-1));
        database.AddRollup(flag, database.AddConsumer(environment.Id, "small", "free"), "1.0.0", 1, Now.AddDays(-1));
        var plan = database.AddPlan(flag, Now, Now.AddDays(90));

        var keys = await AffectedKeysAsync(plan, new AudienceFilter { Tiers = ["enterprise"], ApiVersionBelow = "1.5.0" });

        Assert.Equal(["big-old"], keys);
    }

    [Fact]
    public async Task GetAsync_DateScheme_ComparesDates()
    {
        var partner = database.AddEnvironment("partner-api", VersionScheme.Date, isDefault: false);
        var schema = database.AddFlag(partner.Id, "use-new-schema");
        database.AddRollup(schema, database.AddConsumer(partner.Id, "old"), "2023-02-15", 1, Now.AddDays(-1), scheme: VersionScheme.Date);
        database.AddRollup(schema, database.AddConsumer(partner.Id, "new"), "2023-11-01", 1, Now.AddDays(-1), scheme: VersionScheme.Date);
        var plan = database.AddPlan(schema, Now, Now.AddDays(90), p => p.ApiVersionBelow = "2023-11-01");

        Assert.Equal(["old"], await AffectedKeysAsync(plan));
    }

    [Fact]
    public async Task GetAsync_UnknownPlan_IsEmpty()
    {
        Assert.Empty(await new AffectedConsumerQueries(database, TimelineServices.LegacyUsage(clock)).GetAsync(9999));
    }

    public void Dispose() => database.Dispose();
}
