using System.Globalization;
using Bunit;
using Dashboard.Components.Pages.Overview;
using Dashboard.Data.Entities;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Components.Pages;

public sealed class OverviewTests : SundialComponentTest
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Overview_ShowsKpisOverTheLastSevenDaysOfTheDefaultEnvironment()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var staging = data.Environment("staging");
        var newFormat = data.Flag(production, "use-new-format", legacyVariations: [1]);
        var offlineSync = data.Flag(production, "offline-sync", legacyVariations: [0]);
        var stagingFormat = data.Flag(staging, "use-new-format", legacyVariations: [1]);
        var acme = data.Consumer(production, "acme");
        var globex = data.Consumer(production, "globex");
        var initech = data.Consumer(production, "initech");
        var hooli = data.Consumer(production, "hooli");
        var stagingTester = data.Consumer(staging, "tester");

        data.Rollup(newFormat, acme, variation: 0, count: 600, age: TimeSpan.FromHours(2), apiVersion: "2.1.0")
            .Rollup(newFormat, globex, variation: 1, count: 300, age: TimeSpan.FromDays(1), apiVersion: "1.4.0")
            .Rollup(offlineSync, initech, variation: 0, count: 60, age: TimeSpan.FromDays(3), apiVersion: null)
            .Rollup(newFormat, initech, variation: 0, count: 40, age: TimeSpan.FromDays(6), apiVersion: "banana")
            // Outside the window: older than seven days, or another environment.
            .Rollup(newFormat, hooli, variation: 1, count: 1000, age: TimeSpan.FromDays(8), apiVersion: "1.0.0")
            .Rollup(stagingFormat, stagingTester, variation: 1, count: 500, age: TimeSpan.FromHours(1), apiVersion: "1.0.0");
        await data.SaveAsync(Database.Factory);

        var overview = RenderWithMud<Overview>();

        overview.WaitForAssertion(() => Assert.Equal("3", KpiValue(overview, "kpi-active-consumers")), RenderTimeout);
        Assert.Equal("36.0%", KpiValue(overview, "kpi-legacy-share"));
        Assert.Equal("2", KpiValue(overview, "kpi-consumers-on-legacy"));
        Assert.Equal("90.0%", KpiValue(overview, "kpi-metadata-health"));
        Assert.Contains("360 of 1,000 evaluations served a variation marked legacy.", overview.Find("[data-testid=kpi-legacy-share]").TextContent);
        Assert.Contains("100 evaluations had a missing or invalid API version.", overview.Find("[data-testid=kpi-metadata-health]").TextContent);
    }

    [Fact]
    public async Task Overview_ShowsPlansInProgressAndTheNextSunset()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-format", legacyVariations: [1]);
        data.Rollup(flag, data.Consumer(production, "acme"), variation: 1, count: 10, age: TimeSpan.FromHours(1), apiVersion: "1.0.0");
        await data.SaveAsync(Database.Factory);
        await using (var db = await Database.Factory.CreateDbContextAsync())
        {
            DeprecationPlan Plan(string title, PlanStatus status, int sunsetInDays) => new()
            {
                EnvironmentId = production.Id, FlagId = flag.Id, Title = title, Status = status,
                DeprecationAt = now.AddDays(-10), SunsetAt = now.AddDays(sunsetInDays), CreatedAt = now.AddDays(-20), UpdatedAt = now.AddDays(-20),
            };
            db.DeprecationPlans.AddRange(
                Plan("Retire v1 format", PlanStatus.Deprecated, 12),
                Plan("Retire v1 pagination", PlanStatus.Deprecated, 40),
                Plan("Old cancelled plan", PlanStatus.Cancelled, 5),
                Plan("Done plan", PlanStatus.Completed, -3));
            await db.SaveChangesAsync();
        }

        var overview = RenderWithMud<Overview>();

        overview.WaitForAssertion(() => Assert.Equal("2", KpiValue(overview, "kpi-plans-in-progress")), RenderTimeout);
        Assert.Equal("in 12 days", KpiValue(overview, "kpi-next-sunset"));
        Assert.Contains("Retire v1 format (use-new-format)", overview.Find("[data-testid=kpi-next-sunset]").TextContent);
    }

    [Fact]
    public async Task Overview_ChartsTheFirstFlagByApiVersion()
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-format", legacyVariations: [1]);
        var acme = data.Consumer(production, "acme");
        var globex = data.Consumer(production, "globex");
        data.Rollup(flag, acme, variation: 0, count: 70, age: TimeSpan.FromHours(1), apiVersion: "2.0")
            .Rollup(flag, globex, variation: 1, count: 30, age: TimeSpan.FromHours(1), apiVersion: "1.4.0")
            .Rollup(flag, globex, variation: 1, count: 5, age: TimeSpan.FromHours(1), apiVersion: null);
        await data.SaveAsync(Database.Factory);

        var overview = RenderWithMud<Overview>();

        overview.WaitForAssertion(() => Assert.NotNull(overview.Find("[data-testid=adoption-chart]")), RenderTimeout);
        var headers = overview.FindAll("[data-testid=adoption-table] th").Select(th => th.TextContent.Trim()).ToList();
        // Labels as the flag page's API version chart writes them (the same series, so the same colours): "2.0" reads back as 2.0.0.
        Assert.Equal(["Day", "1.4.0", "2.0.0", "(missing)"], headers);
    }

    [Fact]
    public async Task Overview_WithoutRecentEvaluations_SaysHowToSendThem()
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        data.Environment("production", isDefault: true);
        await data.SaveAsync(Database.Factory);

        var overview = RenderWithMud<Overview>();

        overview.WaitForAssertion(() => Assert.Contains("POST /api/v1/evaluations", overview.Find("[data-testid=overview-empty]").TextContent), RenderTimeout);
        Assert.Empty(overview.FindAll("[data-testid=kpi-active-consumers]"));
    }

    private static string KpiValue(IRenderedComponent<Overview> overview, string testId) =>
        overview.Find($"[data-testid={testId}-value]").TextContent.Trim();
}
