using Dashboard.Analytics;
using Dashboard.Data.Entities;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class AdoptionQueriesTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private AnalyticsDatabase database = null!;
    private AdoptionQueries queries = null!;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        queries = new AdoptionQueries(database);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task ByVariation_DayGrain_CountsEachDayAndLegacyShare()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        await database.AddRollupAsync(flag, consumer, At("2026-01-12T23:00Z"), 0, 100);
        await database.AddRollupAsync(flag, consumer, At("2026-01-13T10:00Z"), 0, 5);
        await database.AddRollupAsync(flag, consumer, At("2026-01-13T23:00Z"), 1, 3);
        await database.AddRollupAsync(flag, consumer, At("2026-01-15T01:00Z"), 1, 2);
        await database.AddRollupAsync(flag, consumer, At("2026-01-16T00:00Z"), 1, 100);

        var chart = await queries.ForFlagAsync(flag, DayRequest("2026-01-13", "2026-01-15", AdoptionGroupBy.Variation), TimeZoneInfo.Utc);

        Assert.Equal(["New", "Legacy"], chart.Series.Select(s => s.Label));
        Assert.Equal([5L, 0, 0], chart.Series[0].Counts);
        Assert.Equal([3L, 0, 2], chart.Series[1].Counts);
        Assert.False(chart.Series[0].IsLegacy);
        Assert.True(chart.Series[1].IsLegacy);
        Assert.Equal([8L, 0, 2], chart.Totals);
        Assert.Equal([0.375, null, 1.0], chart.LegacyShare);
        Assert.Equal([new DateOnly(2026, 1, 13), new DateOnly(2026, 1, 14), new DateOnly(2026, 1, 15)], chart.BucketStarts.Select(b => DateOnly.FromDateTime(b.DateTime)));
    }

    [Fact]
    public async Task ByApiVersion_OrdersSemVerNumerically_WithInvalidAndMissingLast()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        var hour = At("2026-01-14T12:00Z");
        await database.AddRollupAsync(flag, consumer, hour, 0, 1, apiVersion: null);
        await database.AddRollupAsync(flag, consumer, hour, 0, 2, apiVersion: "v1");
        await database.AddRollupAsync(flag, consumer, hour, 0, 3, apiVersion: "2.0.0");
        await database.AddRollupAsync(flag, consumer, hour, 0, 4, apiVersion: "1.10.0");
        await database.AddRollupAsync(flag, consumer, hour, 0, 5, apiVersion: "1.9.0");
        await database.AddRollupAsync(flag, consumer, hour, 0, 6, apiVersion: "1.10.0-beta.1");

        var chart = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ApiVersion), TimeZoneInfo.Utc);

        Assert.Equal(["1.9.0", "1.10.0-beta.1", "1.10.0", "2.0.0", "v1 (invalid)", "(missing)"], chart.Series.Select(s => s.Label));
        Assert.Equal([5L, 6, 4, 3, 2, 1], chart.Series.Select(s => s.Counts[0]));
    }

    [Theory]
    [InlineData(VersionGranularity.Major, new[] { "1.x", "2.x" }, new long[] { 9, 1 })]
    [InlineData(VersionGranularity.MajorMinor, new[] { "1.9.x", "1.10.x", "2.0.x" }, new long[] { 4, 5, 1 })]
    [InlineData(VersionGranularity.Exact, new[] { "1.9.0", "1.10.0", "1.10.2", "2.0.0" }, new long[] { 4, 3, 2, 1 })]
    public async Task ByApiVersion_GroupsByGranularity(VersionGranularity granularity, string[] labels, long[] counts)
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        var hour = At("2026-01-14T12:00Z");
        await database.AddRollupAsync(flag, consumer, hour, 0, 4, apiVersion: "1.9.0");
        await database.AddRollupAsync(flag, consumer, hour, 0, 3, apiVersion: "1.10.0");
        await database.AddRollupAsync(flag, consumer, hour, 0, 2, apiVersion: "1.10.2");
        await database.AddRollupAsync(flag, consumer, hour, 0, 1, apiVersion: "2.0.0");

        var chart = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ApiVersion, granularity), TimeZoneInfo.Utc);

        Assert.Equal(labels, chart.Series.Select(s => s.Label));
        Assert.Equal(counts, chart.Series.Select(s => s.Counts[0]));
    }

    [Fact]
    public async Task ByApiVersion_DateVersions_AreChronological_AndGroupByMonth()
    {
        var environment = await database.AddEnvironmentAsync("partner", VersionScheme.Date);
        var flag = await database.AddBooleanFlagAsync(environment, "schema");
        var consumer = await database.AddConsumerAsync(environment, "northwind");
        var hour = At("2026-01-14T12:00Z");
        await database.AddRollupAsync(flag, consumer, hour, 0, 1, apiVersion: "2023-11-20");
        await database.AddRollupAsync(flag, consumer, hour, 0, 2, apiVersion: "2023-13-01");
        await database.AddRollupAsync(flag, consumer, hour, 0, 3, apiVersion: "2023-11-01");
        await database.AddRollupAsync(flag, consumer, hour, 0, 4, apiVersion: "2022-08-01");
        await database.AddRollupAsync(flag, consumer, hour, 0, 5, apiVersion: "2023-02-15");

        var exact = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ApiVersion), TimeZoneInfo.Utc);
        var byMonth = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ApiVersion, VersionGranularity.MajorMinor), TimeZoneInfo.Utc);

        Assert.Equal(["2022-08-01", "2023-02-15", "2023-11-01", "2023-11-20", "2023-13-01 (invalid)"], exact.Series.Select(s => s.Label));
        Assert.Equal(["2022-08", "2023-02", "2023-11", "2023-13-01 (invalid)"], byMonth.Series.Select(s => s.Label));
        Assert.Equal([4L, 5, 4, 2], byMonth.Series.Select(s => s.Counts[0]));
    }

    [Fact]
    public async Task DayBuckets_FollowTheViewersZone()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        await database.AddRollupAsync(flag, consumer, At("2026-01-14T04:00Z"), 0, 11);
        await database.AddRollupAsync(flag, consumer, At("2026-01-14T23:00Z"), 0, 7);

        var utc = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-15", AdoptionGroupBy.Variation), TimeZoneInfo.Utc);
        var berlin = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-15", AdoptionGroupBy.Variation, zone: Berlin), Berlin);
        var newYork = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-15", AdoptionGroupBy.Variation, zone: NewYork), NewYork);

        Assert.Equal([18L, 0], utc.Totals);
        Assert.Equal([11L, 7], berlin.Totals);
        // 04:00Z is 23:00 on the 13th in New York, before the range.
        Assert.Equal([7L, 0], newYork.Totals);
    }

    [Fact]
    public async Task DayBuckets_AcrossDaylightSavingChange_KeepLocalMidnights()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        await database.AddRollupAsync(flag, consumer, At("2025-03-29T22:00Z"), 0, 1); // 23:00 CET, 29 March
        await database.AddRollupAsync(flag, consumer, At("2025-03-29T23:00Z"), 0, 2); // 00:00 CET, 30 March
        await database.AddRollupAsync(flag, consumer, At("2025-03-30T21:00Z"), 0, 4); // 23:00 CEST, 30 March
        await database.AddRollupAsync(flag, consumer, At("2025-03-30T22:00Z"), 0, 8); // 00:00 CEST, 31 March

        var chart = await queries.ForFlagAsync(flag, DayRequest("2025-03-29", "2025-03-31", AdoptionGroupBy.Variation, zone: Berlin), Berlin);

        Assert.Equal([1L, 6, 8], chart.Totals);
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(2)], chart.BucketStarts.Select(b => b.Offset));
        Assert.All(chart.BucketStarts, b => Assert.Equal(TimeSpan.Zero, b.TimeOfDay));
    }

    [Fact]
    public async Task EmptyRange_ReturnsEmptyChartWithBuckets_NotAnError()
    {
        var (flag, _) = await FlagWithConsumerAsync();

        var chart = await queries.ForFlagAsync(flag, DayRequest("2026-01-09", "2026-01-15", AdoptionGroupBy.ApiVersion), TimeZoneInfo.Utc);

        Assert.True(chart.IsEmpty);
        Assert.Equal(7, chart.BucketStarts.Count);
        Assert.All(chart.Totals, t => Assert.Equal(0, t));
        Assert.All(chart.LegacyShare, s => Assert.Null(s));
    }

    [Fact]
    public async Task HourGrain_Last24Hours_PlacesEachHourInItsBucket()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        await database.AddRollupAsync(flag, consumer, At("2026-01-14T14:00Z"), 1, 50);
        await database.AddRollupAsync(flag, consumer, At("2026-01-14T15:00Z"), 1, 2);
        await database.AddRollupAsync(flag, consumer, At("2026-01-15T14:00Z"), 0, 3);
        var (from, to) = AdoptionRanges.Last(24, AnalyticsDatabase.Now, TimeZoneInfo.Utc, AdoptionGrain.Hour);

        var chart = await queries.ForFlagAsync(flag, new AdoptionRequest(from, to, AdoptionGrain.Hour, AdoptionGroupBy.Variation), TimeZoneInfo.Utc);

        Assert.Equal(24, chart.BucketStarts.Count);
        Assert.Equal(At("2026-01-14T15:00Z"), chart.BucketStarts[0]);
        Assert.Equal(2, chart.Totals[0]);
        Assert.Equal(3, chart.Totals[23]);
        Assert.Equal(5, chart.Totals.Sum());
    }

    [Fact]
    public async Task ByClientTypeAndClientVersion_LabelsTypesAndOrdersVersions()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        var hour = At("2026-01-14T12:00Z");
        await database.AddRollupAsync(flag, consumer, hour, 0, 1, clientType: "mobile-ios", clientVersion: "3.10.0");
        await database.AddRollupAsync(flag, consumer, hour, 0, 2, clientType: "mobile-ios", clientVersion: "3.5.2");
        await database.AddRollupAsync(flag, consumer, hour, 0, 4, clientType: "web", clientVersion: null);
        await database.AddRollupAsync(flag, consumer, hour, 0, 8, clientType: "", clientVersion: "1.0.0");

        var byType = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ClientType), TimeZoneInfo.Utc);
        var byVersion = await queries.ForFlagAsync(flag, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ClientVersion), TimeZoneInfo.Utc);

        Assert.Equal(["(no client type)", "mobile-ios", "web"], byType.Series.Select(s => s.Label));
        Assert.Equal([8L, 3, 4], byType.Series.Select(s => s.Counts[0]));
        Assert.Equal(["(no client type) 1.0.0", "mobile-ios 3.5.2", "mobile-ios 3.10.0", "web (missing)"], byVersion.Series.Select(s => s.Label));
    }

    [Fact]
    public async Task ForConsumer_SumsAcrossFlags_AndCountsLegacyPerFlagMarks()
    {
        var (flag, consumer) = await FlagWithConsumerAsync();
        var environment = await EnvironmentOfAsync(flag);
        var other = await database.AddFlagAsync(environment, "other", null, ("Legacy", true), ("New", false));
        var hour = At("2026-01-14T12:00Z");
        await database.AddRollupAsync(flag, consumer, hour, 1, 3, apiVersion: "1.0.0");
        await database.AddRollupAsync(other, consumer, hour, 1, 5, apiVersion: "2.0.0");
        await database.AddRollupAsync(other, consumer, hour, 0, 7, apiVersion: "1.0.0");

        var chart = await queries.ForConsumerAsync(consumer, DayRequest("2026-01-14", "2026-01-14", AdoptionGroupBy.ApiVersion), TimeZoneInfo.Utc);

        Assert.Equal(["1.0.0", "2.0.0"], chart.Series.Select(s => s.Label));
        Assert.Equal([10L, 5], chart.Series.Select(s => s.Counts[0]));
        Assert.Equal([10L], chart.LegacyTotals);
    }

    private async Task<(int Flag, int Consumer)> FlagWithConsumerAsync()
    {
        var environment = await database.AddEnvironmentAsync();
        var flag = await database.AddBooleanFlagAsync(environment, "use-new-format");
        var consumer = await database.AddConsumerAsync(environment, "acme");
        return (flag, consumer);
    }

    private async Task<int> EnvironmentOfAsync(int flagId)
    {
        await using var db = database.CreateDbContext();
        return db.Flags.Single(f => f.Id == flagId).EnvironmentId;
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static AdoptionRequest DayRequest(string first, string last, AdoptionGroupBy groupBy, VersionGranularity granularity = VersionGranularity.Exact, TimeZoneInfo? zone = null)
    {
        var (from, to) = AdoptionRanges.Days(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), zone ?? TimeZoneInfo.Utc);
        return new AdoptionRequest(from, to, AdoptionGrain.Day, groupBy, granularity);
    }
}
