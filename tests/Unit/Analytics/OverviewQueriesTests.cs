using Dashboard.Analytics;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class OverviewQueriesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = AnalyticsDatabase.Now;
    private AnalyticsDatabase database = null!;
    private int environment;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        environment = await database.AddEnvironmentAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Summary_CountsEachKpiForThisAndThePreviousWeek()
    {
        var flag = await database.AddBooleanFlagAsync(environment, "format");
        var acme = await database.AddConsumerAsync(environment, "acme");
        var globex = await database.AddConsumerAsync(environment, "globex");
        var initech = await database.AddConsumerAsync(environment, "initech");
        await database.AddRollupAsync(flag, acme, Now.AddDays(-1), 0, 60);
        await database.AddRollupAsync(flag, globex, Now.AddDays(-2), 1, 30);
        await database.AddRollupAsync(flag, globex, Now.AddDays(-2), 0, 10, apiVersion: null);
        await database.AddRollupAsync(flag, acme, Now.AddDays(-9), 1, 50);
        await database.AddRollupAsync(flag, initech, Now.AddDays(-10), 1, 50, apiVersion: "v2");
        await database.AddRollupAsync(flag, initech, Now.AddDays(-20), 1, 999);

        var summary = await new OverviewQueries(database, database.Legacy()).GetSummaryAsync(environment);

        Assert.Equal(new OverviewKpis(2, 100, 30, 1, 10), summary.Current);
        Assert.Equal(new OverviewKpis(2, 100, 100, 2, 50), summary.Previous);
        Assert.Equal(0.3 - 1.0, summary.LegacyShareChange!.Value, 10);
        Assert.Equal(0.1 - 0.5, summary.VersionProblemShareChange!.Value, 10);
    }

    [Fact]
    public async Task TopLaggards_OrdersByLegacyEvaluationsAndCountsFlags()
    {
        var format = await database.AddBooleanFlagAsync(environment, "format");
        var sync = await database.AddBooleanFlagAsync(environment, "sync");
        var acme = await database.AddConsumerAsync(environment, "acme");
        var globex = await database.AddConsumerAsync(environment, "globex");
        var hooli = await database.AddConsumerAsync(environment, "hooli");
        await database.AddRollupAsync(format, acme, Now.AddDays(-1), 1, 10);
        await database.AddRollupAsync(sync, acme, Now.AddDays(-1), 1, 15);
        await database.AddRollupAsync(format, acme, Now.AddDays(-1), 0, 75);
        await database.AddRollupAsync(format, globex, Now.AddDays(-1), 1, 40);
        await database.AddRollupAsync(format, hooli, Now.AddDays(-1), 0, 500);

        var laggards = await new OverviewQueries(database, database.Legacy()).GetTopLaggardsAsync(environment, 5);

        Assert.Equal(["globex", "acme"], laggards.Select(l => l.ConsumerKey));
        Assert.Equal(new LaggardRow("acme", "ACME", 25, 100, 2), laggards[1]);
        Assert.Equal(0.25, laggards[1].LegacyShare);
    }

    [Fact]
    public async Task Summary_WithoutData_IsZeroNotAnError()
    {
        var summary = await new OverviewQueries(database, database.Legacy()).GetSummaryAsync(environment);

        Assert.Equal(new OverviewKpis(0, 0, 0, 0, 0), summary.Current);
        Assert.Null(summary.Current.LegacyShare);
        Assert.Null(summary.LegacyShareChange);
    }
}
