using Dashboard.Data.Entities;
using Dashboard.Timelines;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class PolicyServiceTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TimelineDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly DashboardEnvironment environment;
    private readonly Flag flag;

    public PolicyServiceTests()
    {
        environment = database.AddEnvironment();
        flag = database.AddFlag(environment.Id);
    }

    private Task<ProviderPolicy?> PolicyAsync(string? apiVersion, string? consumer = null, string? clientType = null) =>
        TimelineServices.PolicyService(database, clock).GetAsync(new PolicyRequest(environment.Id, flag.Key, apiVersion, clientType, consumer));

    [Fact]
    public async Task GetAsync_OldVersionDuringDeprecation_IsAffectedWithHeaders()
    {
        database.AddPlan(flag, Now.AddDays(-30), new DateTime(2026, 5, 30, 16, 0, 0, DateTimeKind.Utc));

        var policy = await PolicyAsync("1.4.0");

        Assert.Equal((PolicyState.Deprecated, true, false), (policy!.State, policy.Affected, policy.Refuse));
        Assert.Equal(DeprecationHeaders.FormatDeprecation(Now.AddDays(-30)), policy.Headers.Deprecation);
        Assert.Equal("Sat, 30 May 2026 16:00:00 GMT", policy.Headers.Sunset);
        Assert.Equal(2, policy.Headers.Link.Count);
    }

    [Fact]
    public async Task GetAsync_VersionAtTheExclusiveUpperBound_IsNotAffected()
    {
        database.AddPlan(flag, Now.AddDays(-30), Now.AddDays(60));

        var policy = await PolicyAsync("2.0.0");

        Assert.Equal(PolicyState.None, policy!.State);
        Assert.Null(policy.Headers.Deprecation);
    }

    [Theory]
    [InlineData("v1", "invalid")]
    [InlineData("", "missing")]
    [InlineData(null, "missing")]
    [InlineData("1.x.%00", "invalid")]
    public async Task GetAsync_MissingOrMalformedVersion_CountsAsAffected(string? version, string status)
    {
        database.AddPlan(flag, Now.AddDays(-30), Now.AddDays(60));

        var policy = await PolicyAsync(version);

        Assert.Equal((true, status), (policy!.Affected, policy.ApiVersionStatus));
    }

    [Fact]
    public async Task GetAsync_PlanLimitedToClientTypes_SparesOtherClients()
    {
        database.AddPlan(flag, Now.AddDays(-30), Now.AddDays(60), p => p.ClientTypes = ["mobile-ios"]);

        var ios = await PolicyAsync("1.0.0", clientType: "mobile-ios");
        var web = await PolicyAsync("1.0.0", clientType: "web");

        Assert.True(ios!.Affected);
        Assert.False(web!.Affected);
    }

    [Fact]
    public async Task GetAsync_DuringBrownout_TellsTheProviderToRefuse()
    {
        database.AddPlan(flag, Now.AddDays(-30), Now.AddDays(60), p => p.Brownouts = [new BrownoutWindow { StartsAt = Now.AddHours(-1), EndsAt = Now.AddHours(11) }]);

        var policy = await PolicyAsync("1.0.0");

        Assert.Equal((PolicyState.Brownout, true), (policy!.State, policy.Refuse));
        Assert.Equal(Now.AddHours(11), policy.Brownout!.EndsAt);
    }

    [Fact]
    public async Task GetAsync_LaggardOnlyBrownout_RefusesOnlyConsumersStillOnLegacy()
    {
        var laggard = database.AddConsumer(environment.Id, "laggard");
        var migrated = database.AddConsumer(environment.Id, "migrated");
        database.AddRollup(flag, laggard, "1.0.0", variation: 1, Now.AddDays(-2));
        database.AddRollup(flag, migrated, "2.1.0", variation: 0, Now.AddDays(-2));
        database.AddPlan(flag, Now.AddDays(-30), Now.AddDays(60), p => p.Brownouts = [new BrownoutWindow { StartsAt = Now.AddHours(-1), EndsAt = Now.AddHours(11), OnlyLaggards = true }]);

        var forLaggard = await PolicyAsync("1.0.0", consumer: "laggard");
        var forMigrated = await PolicyAsync("1.0.0", consumer: "migrated");

        Assert.Equal(PolicyState.Brownout, forLaggard!.State);
        Assert.Equal(PolicyState.Deprecated, forMigrated!.State);
    }

    [Fact]
    public async Task GetAsync_AfterSunset_IsSunsetAndRefused()
    {
        database.AddPlan(flag, Now.AddDays(-60), Now.AddDays(-1));

        var policy = await PolicyAsync("1.0.0");

        Assert.Equal((PolicyState.Sunset, true), (policy!.State, policy.Refuse));
    }

    [Fact]
    public async Task GetAsync_ExtendedConsumerAfterPlanSunset_IsStillOnlyDeprecatedWithItsOwnSunset()
    {
        var acme = database.AddConsumer(environment.Id, "acme");
        var plan = database.AddPlan(flag, Now.AddDays(-60), Now.AddDays(-1));
        var extendedTo = new DateTime(2026, 4, 15, 0, 0, 0, DateTimeKind.Utc);
        database.AddExtension(plan, acme, extendedTo);

        var extended = await PolicyAsync("1.0.0", consumer: "acme");
        var others = await PolicyAsync("1.0.0", consumer: "globex");

        Assert.Equal((PolicyState.Deprecated, false), (extended!.State, extended.Refuse));
        Assert.Equal("Wed, 15 Apr 2026 00:00:00 GMT", extended.Headers.Sunset);
        Assert.Equal(extendedTo, extended.Consumer!.ExtendedSunsetAt);
        Assert.Equal(PolicyState.Sunset, others!.State);
        Assert.False(others.Consumer!.Known);
    }

    [Fact]
    public async Task GetAsync_ExtendedConsumer_IsSparedBrownouts()
    {
        var acme = database.AddConsumer(environment.Id, "acme");
        var plan = database.AddPlan(flag, Now.AddDays(-30), Now.AddDays(5), p => p.Brownouts = [new BrownoutWindow { StartsAt = Now.AddHours(-1), EndsAt = Now.AddHours(1) }]);
        database.AddExtension(plan, acme, Now.AddDays(40));

        var policy = await PolicyAsync("1.0.0", consumer: "acme");

        Assert.Equal(PolicyState.Deprecated, policy!.State);
        Assert.Null(policy.Brownout);
    }

    [Fact]
    public async Task GetAsync_AnnouncedPlan_SendsTheFutureDeprecationDate()
    {
        database.AddPlan(flag, Now.AddDays(10), Now.AddDays(100), p => p.AnnounceAt = Now.AddDays(-1));

        var policy = await PolicyAsync("1.0.0");

        Assert.Equal(PolicyState.Announced, policy!.State);
        Assert.Equal(DeprecationHeaders.FormatDeprecation(Now.AddDays(10)), policy.Headers.Deprecation);
        Assert.Equal(Now.AddDays(10), policy.ValidUntil);
    }

    [Fact]
    public async Task GetAsync_DraftOrCancelledPlan_PublishesNothing()
    {
        database.AddPlan(flag, Now.AddDays(10), Now.AddDays(100));
        database.AddPlan(flag, Now.AddDays(-10), Now.AddDays(100), p => p.Status = PlanStatus.Cancelled);

        var policy = await PolicyAsync("1.0.0");

        Assert.Equal((PolicyState.None, false), (policy!.State, policy.Affected));
    }

    [Fact]
    public async Task GetAsync_UnknownFlag_IsNull()
    {
        var policy = await TimelineServices.PolicyService(database, clock).GetAsync(new PolicyRequest(environment.Id, "no-such-flag", "1.0.0", null, null));

        Assert.Null(policy);
    }

    public void Dispose() => database.Dispose();
}
