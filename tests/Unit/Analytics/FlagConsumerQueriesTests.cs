using Dashboard.Analytics;
using Dashboard.Data.Entities;
using Dashboard.Validation;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class FlagConsumerQueriesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = AnalyticsDatabase.Now;
    private AnalyticsDatabase database = null!;
    private FlagConsumerQueries queries = null!;
    private int flag;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        queries = new FlagConsumerQueries(database);
        var environment = await database.AddEnvironmentAsync();
        flag = await database.AddBooleanFlagAsync(environment, "use-new-format");
        var acme = await database.AddConsumerAsync(environment, "acme", "ops@acme.example", "cto@acme.example");
        var globex = await database.AddConsumerAsync(environment, "globex");
        var initech = await database.AddConsumerAsync(environment, "initech");
        var hooli = await database.AddConsumerAsync(environment, "hooli");
        // acme: migrated from 1.9.0 (legacy) to 2.0.0 (new); globex: still on 1.10.0 from mobile; initech: only long ago; hooli: invalid version.
        await AddUsageAsync(flag, acme, "1.9.0", 1, 40, Now.AddDays(-60), Now.AddDays(-3));
        await AddUsageAsync(flag, acme, "2.0.0", 0, 60, Now.AddDays(-3), Now.AddHours(-1));
        await AddUsageAsync(flag, globex, "1.10.0", 1, 25, Now.AddDays(-80), Now.AddHours(-2), clientType: "mobile-ios");
        await AddUsageAsync(flag, initech, "1.2.0", 1, 5, Now.AddDays(-89), Now.AddDays(-40));
        await AddUsageAsync(flag, hooli, "latest", 1, 7, Now.AddDays(-10), Now.AddDays(-1));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>The latest state ingest keeps and the hourly rollup its evaluations came in (all in the last-seen hour).</summary>
    private async Task AddUsageAsync(
        int flagId, int consumerId, string? apiVersion, int variation, long total, DateTimeOffset firstSeen, DateTimeOffset lastSeen, string clientType = "server")
    {
        await database.AddStateAsync(flagId, consumerId, apiVersion, variation, total, firstSeen, lastSeen, clientType);
        await database.AddRollupAsync(flagId, consumerId, lastSeen, variation, total, apiVersion, clientType);
    }

    [Fact]
    public async Task GetPage_WithoutFilters_SumsStatesPerConsumer()
    {
        var page = await queries.GetPageAsync(flag, new FlagConsumerFilter(), FlagConsumerSort.Consumer, false, 0, 50);

        Assert.Equal(4, page.TotalCount);
        var acme = page.Items[0];
        Assert.Equal("acme", acme.ConsumerKey);
        Assert.Equal(["1.9.0", "2.0.0"], acme.ApiVersions);
        Assert.Equal(100, acme.Evaluations);
        Assert.Equal("New", acme.LastVariation);
        Assert.True(acme.OnLegacy);
        Assert.Equal(Now.AddDays(-60).UtcDateTime, acme.FirstSeenAt);
        Assert.Equal(Now.AddHours(-1).UtcDateTime, acme.LastSeenAt);
        Assert.Equal(["cto@acme.example", "ops@acme.example"], acme.Contacts);
    }

    [Fact]
    public async Task GetPage_LegacyOnlySeenInLast7Days_ListsWhoStillGetsLegacy()
    {
        var page = await queries.GetPageAsync(flag, new FlagConsumerFilter(LegacyOnly: true, SeenSince: Now.AddDays(-2)), FlagConsumerSort.Evaluations, true, 0, 50);

        Assert.Equal(["globex", "hooli"], page.Items.Select(r => r.ConsumerKey));
        Assert.Equal(["latest (invalid)"], page.Items[1].ApiVersions);
        Assert.All(page.Items, r => Assert.True(r.OnLegacy));
    }

    [Fact]
    public async Task GetPage_VersionRange_ComparesSemVerNumerically()
    {
        var page = await queries.GetPageAsync(flag, new FlagConsumerFilter(MinApiVersion: "1.9", MaxApiVersion: "1.10.0"), FlagConsumerSort.Consumer, false, 0, 50);

        Assert.Equal(["acme", "globex"], page.Items.Select(r => r.ConsumerKey));
        Assert.Equal(["1.9.0"], page.Items[0].ApiVersions);
        Assert.Equal(40, page.Items[0].Evaluations);
    }

    [Fact]
    public async Task GetPage_ExactVersionAndClientType_Filter()
    {
        var exact = await queries.GetPageAsync(flag, new FlagConsumerFilter(ApiVersion: "2"), FlagConsumerSort.Consumer, false, 0, 50);
        var mobile = await queries.GetPageAsync(flag, new FlagConsumerFilter(ClientType: "mobile-ios"), FlagConsumerSort.Consumer, false, 0, 50);

        Assert.Equal(["acme"], exact.Items.Select(r => r.ConsumerKey));
        Assert.False(exact.Items[0].OnLegacy);
        Assert.Equal(["globex"], mobile.Items.Select(r => r.ConsumerKey));
    }

    [Fact]
    public async Task GetPage_PagesInSortOrder()
    {
        var first = await queries.GetPageAsync(flag, new FlagConsumerFilter(), FlagConsumerSort.LastSeen, true, 0, 3);
        var second = await queries.GetPageAsync(flag, new FlagConsumerFilter(), FlagConsumerSort.LastSeen, true, 1, 3);

        Assert.Equal(["acme", "globex", "hooli"], first.Items.Select(r => r.ConsumerKey));
        Assert.Equal(["initech"], second.Items.Select(r => r.ConsumerKey));
        Assert.Equal(4, second.TotalCount);
    }

    [Fact]
    public async Task GetPage_InvalidVersionBound_NamesTheField()
    {
        var error = await Assert.ThrowsAsync<FieldErrorsException>(() =>
            queries.GetPageAsync(flag, new FlagConsumerFilter(MinApiVersion: "one"), FlagConsumerSort.Consumer, false, 0, 50));

        Assert.Equal(["minApiVersion"], error.Errors.Keys);
    }

    [Fact]
    public async Task GetPage_DateVersions_CompareChronologically()
    {
        var environment = await database.AddEnvironmentAsync("partner", VersionScheme.Date);
        var schema = await database.AddBooleanFlagAsync(environment, "schema");
        var northwind = await database.AddConsumerAsync(environment, "northwind");
        var contoso = await database.AddConsumerAsync(environment, "contoso");
        await AddUsageAsync(schema, northwind, "2022-08-01", 1, 1, Now.AddDays(-5), Now.AddDays(-1));
        await AddUsageAsync(schema, contoso, "2023-11-01", 0, 1, Now.AddDays(-5), Now.AddDays(-1));

        var before = await queries.GetPageAsync(schema, new FlagConsumerFilter(MaxApiVersion: "2023-10-31"), FlagConsumerSort.Consumer, false, 0, 50);

        Assert.Equal(["northwind"], before.Items.Select(r => r.ConsumerKey));
    }

    [Fact]
    public async Task GetAll_ReturnsExactlyTheFilteredRowsAcrossPages_AndCsvHasOneLinePerRow()
    {
        var filter = new FlagConsumerFilter(LegacyOnly: true);
        var all = await queries.GetAllAsync(flag, filter, FlagConsumerSort.Consumer, false);
        var paged = (await queries.GetPageAsync(flag, filter, FlagConsumerSort.Consumer, false, 0, 2)).Items
            .Concat((await queries.GetPageAsync(flag, filter, FlagConsumerSort.Consumer, false, 1, 2)).Items);

        Assert.Equal(paged.Select(r => r.ConsumerKey), all.Select(r => r.ConsumerKey));
        var lines = CsvExport.FlagConsumers(all).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(all.Count + 1, lines.Length);
        Assert.StartsWith("consumer,displayName,apiVersions", lines[0], StringComparison.Ordinal);
        // Legacy only selects consumers that received a legacy variation; the row still counts all their evaluations.
        Assert.Equal($"acme,ACME,1.9.0; 2.0.0,server,New,yes,40,100,{Now.AddDays(-60):yyyy-MM-ddTHH:mm:ssZ},{Now.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ},cto@acme.example; ops@acme.example", lines[1]);
    }

    [Fact]
    public async Task GetPage_SeenInTheLast30Days_CountsTheWindowNotTheLifetimeTotal()
    {
        // globex got 1,000 legacy evaluations 50 days ago on top of its 25 recent ones.
        var globex = (await queries.GetPageAsync(flag, new FlagConsumerFilter(Search: "globex"), FlagConsumerSort.Consumer, false, 0, 50)).Items.Single();
        await database.AddRollupAsync(flag, await ConsumerIdAsync("globex"), Now.AddDays(-50), 1, 1_000, "1.10.0", "mobile-ios");

        var lastThirtyDays = (await queries.GetPageAsync(flag, new FlagConsumerFilter(SeenSince: Now.AddDays(-30), Search: "globex"), FlagConsumerSort.Consumer, false, 0, 50)).Items.Single();
        var allTime = (await queries.GetPageAsync(flag, new FlagConsumerFilter(Search: "globex"), FlagConsumerSort.Consumer, false, 0, 50)).Items.Single();

        Assert.Equal((25L, 25L), (globex.Evaluations, globex.LegacyEvaluations));
        Assert.Equal((25L, 25L), (lastThirtyDays.Evaluations, lastThirtyDays.LegacyEvaluations));
        Assert.Equal((1_025L, 1_025L), (allTime.Evaluations, allTime.LegacyEvaluations));
    }

    [Fact]
    public async Task GetPage_LegacyOutsideTheWindow_IsNotOnLegacyWhateverTheLifetime()
    {
        // acme last received legacy 3 days ago: on legacy over 7 days, not over 2.
        var sevenDays = await queries.GetPageAsync(flag, new FlagConsumerFilter(SeenSince: Now.AddDays(-7), Search: "acme"), FlagConsumerSort.Consumer, false, 0, 50);
        var twoDays = await queries.GetPageAsync(flag, new FlagConsumerFilter(SeenSince: Now.AddDays(-2), Search: "acme"), FlagConsumerSort.Consumer, false, 0, 50);

        Assert.True(sevenDays.Items.Single().OnLegacy);
        var recent = twoDays.Items.Single();
        Assert.Equal(("New", false, 0L), (recent.LastVariation, recent.OnLegacy, recent.LegacyEvaluations));
    }

    [Fact]
    public async Task GetPage_LegacyMarkMovedToTheOtherVariation_MovesWhoIsOnLegacy()
    {
        await using (var db = database.CreateDbContext())
        {
            foreach (var variation in db.FlagVariations.Where(v => v.FlagId == flag))
            {
                variation.IsLegacy = variation.Index == 0;
            }

            await db.SaveChangesAsync();
        }

        var page = await queries.GetPageAsync(flag, new FlagConsumerFilter(LegacyOnly: true), FlagConsumerSort.Consumer, false, 0, 50);

        Assert.Equal(["acme"], page.Items.Select(r => r.ConsumerKey));
        Assert.Equal(60, page.Items[0].LegacyEvaluations);
    }

    private async Task<int> ConsumerIdAsync(string key)
    {
        await using var db = database.CreateDbContext();
        return db.Consumers.Single(c => c.Key == key).Id;
    }
}
