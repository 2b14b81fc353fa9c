using Dashboard.Analytics;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class LegacyUsageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = AnalyticsDatabase.Now;
    private AnalyticsDatabase database = null!;
    private int environment;
    private int flag;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        environment = await database.AddEnvironmentAsync();
        flag = await database.AddBooleanFlagAsync(environment, "use-new-format");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private async Task<long> LegacyEvaluationsAsync(LegacyWindow window, LegacyScope? scope = null)
    {
        await using var db = database.CreateDbContext();
        return await LegacyUsage.Rows(db, window, scope).SumAsync(r => r.Count);
    }

    [Fact]
    public async Task Rows_FollowTheFlagsLegacyMark()
    {
        var acme = await database.AddConsumerAsync(environment, "acme");
        await database.AddRollupAsync(flag, acme, Now.AddHours(-1), variation: 1, count: 10);
        await database.AddRollupAsync(flag, acme, Now.AddHours(-1), variation: 0, count: 5, apiVersion: "2.1.0");
        var before = await LegacyEvaluationsAsync(database.Legacy().Recent());

        await using (var db = database.CreateDbContext())
        {
            await db.FlagVariations.Where(v => v.FlagId == flag).ExecuteUpdateAsync(s => s.SetProperty(v => v.IsLegacy, v => v.Index == 0));
        }

        Assert.Equal(10, before);
        Assert.Equal(5, await LegacyEvaluationsAsync(database.Legacy().Recent()));
    }

    [Fact]
    public async Task Recent_CountsHoursStartingWithinTheConfiguredDaysAndNothingOlder()
    {
        var acme = await database.AddConsumerAsync(environment, "acme");
        // Now is 14:30; seven days back the 15:00 hour starts inside the window, the 14:00 hour before it.
        await database.AddRollupAsync(flag, acme, Now.AddDays(-7).AddMinutes(30), variation: 1, count: 1);
        await database.AddRollupAsync(flag, acme, Now.AddDays(-7).AddMinutes(-30), variation: 1, count: 100);
        await database.AddRollupAsync(flag, acme, Now.AddDays(-20), variation: 1, count: 1_000);

        Assert.Equal(1, await LegacyEvaluationsAsync(database.Legacy(recentDays: 7).Recent()));
        Assert.Equal(1_101, await LegacyEvaluationsAsync(database.Legacy(affectedDays: 30).Affected()));
        Assert.Equal("last 7 days", database.Legacy(recentDays: 7).Recent().Caption);
    }

    [Fact]
    public async Task PlanScope_NarrowsToItsVersionRangeAndClientTypes_CountingMissingVersions()
    {
        var acme = await database.AddConsumerAsync(environment, "acme");
        await database.AddRollupAsync(flag, acme, Now.AddHours(-1), variation: 1, count: 1, apiVersion: "1.9.0", clientType: "mobile");
        await database.AddRollupAsync(flag, acme, Now.AddHours(-1), variation: 1, count: 10, apiVersion: null, clientType: "mobile");
        await database.AddRollupAsync(flag, acme, Now.AddHours(-1), variation: 1, count: 100, apiVersion: "2.0.0", clientType: "mobile");
        await database.AddRollupAsync(flag, acme, Now.AddHours(-1), variation: 1, count: 1_000, apiVersion: "1.9.0", clientType: "server");
        var scope = new LegacyScope(null, "2.0.0", ["mobile"], VersionScheme.SemVer);

        Assert.Equal(11, await LegacyEvaluationsAsync(database.Legacy().Recent(), scope));
        Assert.Equal(1_111, await LegacyEvaluationsAsync(database.Legacy().Recent()));
        Assert.Equal("API < 2.0.0, mobile", scope.Caption);
    }

    [Fact]
    public async Task ConsumerPage_LegacyFlags_CountTheRecentWindowNotTheLifetime()
    {
        var krusty = await database.AddConsumerAsync(environment, "krusty-brands");
        await database.AddRollupAsync(flag, krusty, Now.AddDays(-20), variation: 1, count: 79_642);
        await database.AddRollupAsync(flag, krusty, Now.AddDays(-2), variation: 1, count: 21_376);
        await database.AddStateAsync(flag, krusty, "2.0.0", 1, 101_018, Now.AddDays(-20), Now.AddDays(-2));

        var detail = await new ConsumerQueries(database, database.Legacy()).GetConsumerAsync(environment, "krusty-brands");

        Assert.Equal(21_376, Assert.Single(detail!.FlagsOnLegacy).Evaluations);
    }
}
