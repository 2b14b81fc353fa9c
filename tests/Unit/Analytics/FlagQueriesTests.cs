using Dashboard.Analytics;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class FlagQueriesTests : IAsyncLifetime
{
    private AnalyticsDatabase database = null!;
    private FlagQueries queries = null!;
    private int environment;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        queries = new FlagQueries(database, database.Time, Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { SafeToRemoveDays = 14 }), database.Legacy());
        environment = await database.AddEnvironmentAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task GetFlags_ComputesEachStatusFromRecordedEvaluations()
    {
        var now = AnalyticsDatabase.Now;
        var consumer = await database.AddConsumerAsync(environment, "acme");
        await database.AddFlagAsync(environment, "brand-new", now.AddDays(-2), ("On", false), ("Off", false));
        await database.AddFlagAsync(environment, "never-used", now.AddDays(-30), ("On", false), ("Off", false));
        var active = await database.AddFlagAsync(environment, "active", null, ("On", false), ("Off", false));
        await database.AddRollupAsync(active, consumer, now.AddDays(-10), 0, 1);
        await database.AddRollupAsync(active, consumer, now.AddHours(-3), 0, 1);
        await database.AddRollupAsync(active, consumer, now.AddHours(-2), 1, 1);
        var launched = await database.AddFlagAsync(environment, "launched", null, ("On", false), ("Off", false));
        await database.AddRollupAsync(launched, consumer, now.AddDays(-10), 1, 1);
        await database.AddRollupAsync(launched, consumer, now.AddHours(-2), 0, 5);
        var inactive = await database.AddFlagAsync(environment, "inactive", null, ("On", false), ("Off", false));
        await database.AddRollupAsync(inactive, consumer, now.AddDays(-8), 0, 1);
        var safe = await database.AddBooleanFlagAsync(environment, "safe");
        await database.AddRollupAsync(safe, consumer, now.AddDays(-20), 1, 1);
        await database.AddRollupAsync(safe, consumer, now.AddHours(-1), 0, 9);
        var stillLegacy = await database.AddBooleanFlagAsync(environment, "still-legacy");
        await database.AddRollupAsync(stillLegacy, consumer, now.AddDays(-20), 0, 1);
        await database.AddRollupAsync(stillLegacy, consumer, now.AddDays(-13), 1, 1);

        var flags = (await queries.GetFlagsAsync(environment, new FlagListQuery())).Items.ToDictionary(f => f.Key, f => f.Status);

        Assert.Equal(FlagStatus.New, flags["brand-new"]);
        Assert.Equal(FlagStatus.Inactive, flags["never-used"]);
        Assert.Equal(FlagStatus.Active, flags["active"]);
        Assert.Equal(FlagStatus.Launched, flags["launched"]);
        Assert.Equal(FlagStatus.Inactive, flags["inactive"]);
        Assert.Equal(FlagStatus.SafeToRemove, flags["safe"]);
        Assert.Equal(FlagStatus.Inactive, flags["still-legacy"]);
    }

    [Fact]
    public async Task GetFlags_WithASunsetStillAhead_IsNotSafeToRemoveUntilItPasses()
    {
        var now = AnalyticsDatabase.Now;
        var consumer = await database.AddConsumerAsync(environment, "acme");
        var flag = await database.AddBooleanFlagAsync(environment, "retired-format");
        await database.AddRollupAsync(flag, consumer, now.AddDays(-20), 1, 1);
        await database.AddRollupAsync(flag, consumer, now.AddHours(-1), 0, 9);
        await using (var db = database.CreateDbContext())
        {
            db.DeprecationPlans.Add(new Dashboard.Data.Entities.DeprecationPlan
            {
                EnvironmentId = environment, FlagId = flag, Title = "Retire the old format",
                DeprecationAt = now.UtcDateTime.AddDays(-30), SunsetAt = now.UtcDateTime.AddDays(3),
                CreatedAt = now.UtcDateTime.AddDays(-40), UpdatedAt = now.UtcDateTime.AddDays(-40),
            });
            await db.SaveChangesAsync();
        }

        var beforeSunset = Assert.Single((await queries.GetFlagsAsync(environment, new FlagListQuery())).Items);
        database.Time.Advance(TimeSpan.FromDays(4));
        var afterSunset = Assert.Single((await queries.GetFlagsAsync(environment, new FlagListQuery())).Items);

        Assert.Equal(FlagStatus.Launched, beforeSunset.Status);
        Assert.Equal(FlagStatus.SafeToRemove, afterSunset.Status);
    }

    [Fact]
    public async Task GetFlags_ReportsLegacyShareConsumersOnLegacyAndLastEvaluation()
    {
        var now = AnalyticsDatabase.Now;
        var flag = await database.AddBooleanFlagAsync(environment, "use-new-format");
        var acme = await database.AddConsumerAsync(environment, "acme");
        var globex = await database.AddConsumerAsync(environment, "globex");
        await database.AddRollupAsync(flag, acme, now.AddDays(-1), 1, 30);
        await database.AddRollupAsync(flag, acme, now.AddDays(-2), 0, 50);
        await database.AddRollupAsync(flag, globex, now.AddHours(-5), 1, 20);
        await database.AddRollupAsync(flag, globex, now.AddDays(-9), 1, 1000);

        var row = Assert.Single((await queries.GetFlagsAsync(environment, new FlagListQuery())).Items);

        Assert.Equal(100, row.Evaluations);
        Assert.Equal(50, row.LegacyEvaluations);
        Assert.Equal(0.5, row.LegacyShare);
        Assert.Equal(2, row.ConsumersOnLegacy);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(now.AddHours(-5).ToUnixTimeSeconds() / 3600 * 3600), row.LastEvaluatedAt);
        Assert.Equal(["New", "Legacy"], row.Variations.Select(v => v.Label));
        Assert.Equal([false, true], row.Variations.Select(v => v.IsLegacy));
    }

    [Fact]
    public async Task GetFlags_SearchesSortsAndPagesOnTheServer()
    {
        var consumer = await database.AddConsumerAsync(environment, "acme");
        foreach (var (key, legacy) in new[] { ("alpha", 10), ("beta", 90), ("gamma", 50), ("other", 70) })
        {
            var flag = await database.AddBooleanFlagAsync(environment, key);
            await database.AddRollupAsync(flag, consumer, AnalyticsDatabase.Now.AddHours(-1), 1, legacy);
            await database.AddRollupAsync(flag, consumer, AnalyticsDatabase.Now.AddHours(-1), 0, 100 - legacy);
        }

        var page1 = await queries.GetFlagsAsync(environment, new FlagListQuery("a", FlagSort.LegacyShare, Descending: true, Page: 0, PageSize: 2));
        var page2 = await queries.GetFlagsAsync(environment, new FlagListQuery("a", FlagSort.LegacyShare, Descending: true, Page: 1, PageSize: 2));

        Assert.Equal(3, page1.TotalCount);
        Assert.Equal(["beta", "gamma"], page1.Items.Select(f => f.Key));
        Assert.Equal(["alpha"], page2.Items.Select(f => f.Key));
    }
}
