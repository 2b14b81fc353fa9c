using Dashboard.Analytics;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class ConsumerQueriesTests : IAsyncLifetime
{
    private AnalyticsDatabase database = null!;
    private ConsumerQueries queries = null!;
    private int environment;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        queries = new ConsumerQueries(database, database.Legacy());
        environment = await database.AddEnvironmentAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task GetConsumers_CountsTheLastSevenDaysPerConsumerSortedByKey()
    {
        var now = AnalyticsDatabase.Now;
        var flag = await database.AddBooleanFlagAsync(environment, "use-new-format");
        var globex = await database.AddConsumerAsync(environment, "globex", "ops@globex.example");
        var acme = await database.AddConsumerAsync(environment, "acme", "a@acme.example", "b@acme.example");
        await database.AddRollupAsync(flag, acme, now.AddHours(-2), variation: 1, count: 30, apiVersion: "1.0.0");
        await database.AddRollupAsync(flag, acme, now.AddHours(-3), variation: 0, count: 70);
        await database.AddRollupAsync(flag, acme, now.AddDays(-9), variation: 1, count: 1000, apiVersion: "1.0.0");
        await database.AddRollupAsync(flag, globex, now.AddHours(-1), variation: 0, count: 5, apiVersion: null);

        var page = await queries.GetConsumersAsync(environment, new ConsumerListQuery());

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(["acme", "globex"], page.Items.Select(c => c.Key));
        var acmeRow = page.Items[0];
        Assert.Equal((100L, 30L, 0L, 2), (acmeRow.Evaluations, acmeRow.LegacyEvaluations, acmeRow.VersionProblems, acmeRow.Contacts));
        var globexRow = page.Items[1];
        Assert.Equal((5L, 0L, 5L, 1), (globexRow.Evaluations, globexRow.LegacyEvaluations, globexRow.VersionProblems, globexRow.Contacts));
    }

    [Fact]
    public async Task GetConsumers_LegacyOnlySortedByLegacyEvaluationsDescending_ListsOnlyLaggards()
    {
        var now = AnalyticsDatabase.Now;
        var flag = await database.AddBooleanFlagAsync(environment, "use-new-format");
        var migrated = await database.AddConsumerAsync(environment, "migrated");
        var small = await database.AddConsumerAsync(environment, "small-laggard");
        var big = await database.AddConsumerAsync(environment, "big-laggard");
        await database.AddRollupAsync(flag, migrated, now.AddHours(-1), variation: 0, count: 500);
        await database.AddRollupAsync(flag, small, now.AddHours(-1), variation: 1, count: 3, apiVersion: "1.2.0");
        await database.AddRollupAsync(flag, big, now.AddHours(-1), variation: 1, count: 40, apiVersion: "1.0.0");

        var page = await queries.GetConsumersAsync(environment, new ConsumerListQuery(LegacyOnly: true, Sort: ConsumerSort.LegacyEvaluations, Descending: true));

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(["big-laggard", "small-laggard"], page.Items.Select(c => c.Key));
    }
}
