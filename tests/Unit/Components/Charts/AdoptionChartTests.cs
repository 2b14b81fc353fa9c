using System.Globalization;
using Bunit;
using Dashboard.Analytics;
using Dashboard.Components.Pages.Flags;
using Dashboard.Components.Pages.Timelines;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Charts;

/// <summary>The flag page's adoption charts: ranges and grains, the view in the URL, top series, CSV and plan milestones.</summary>
public sealed class AdoptionChartTests : SundialComponentTest
{
    private static readonly int HourLimit = new AnalyticsOptions().HourGrainMaxDays;

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task<(Flag Flag, TestDataBuilder Data)> FlagWithTrafficAsync(Action<TestDataBuilder, Flag, DashboardEnvironment>? more = null)
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-format", legacyVariations: [1]);
        var acme = data.Consumer(production, "acme");
        data.Rollup(flag, acme, variation: 0, count: 1_500, age: TimeSpan.FromHours(1), apiVersion: "2.1.0", clientVersion: "3.4.0")
            .Rollup(flag, acme, variation: 1, count: 30, age: TimeSpan.FromHours(30), apiVersion: "1.4.0", clientVersion: "1.0.0");
        more?.Invoke(data, flag, production);
        await data.SaveAsync(Database.Factory);
        return (flag, data);
    }

    private IRenderedComponent<FlagAdoptionTab> RenderTab(Flag flag, string query)
    {
        Navigation.NavigateTo($"flags/{flag.Id}{query}");
        return RenderWithMud<FlagAdoptionTab>(p => p.Add(c => c.FlagId, flag.Id).Add(c => c.FlagKey, flag.Key));
    }

    private static List<string[]> TableRows(IRenderedComponent<FlagAdoptionTab> tab, string chart) =>
        tab.FindAll($"[data-testid={chart}-table] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

    private static string TableHeader(IRenderedComponent<FlagAdoptionTab> tab, string chart) =>
        tab.Find($"[data-testid={chart}-table] thead th").TextContent.Trim();

    [Fact]
    public async Task Range24h_ShowsTwentyFourHourlyBucketsEndingNow()
    {
        var (flag, _) = await FlagWithTrafficAsync();

        var tab = RenderTab(flag, "?range=24h");

        tab.WaitForAssertion(() => Assert.Equal(24, TableRows(tab, "chart-variation").Count));
        Assert.Equal("Hour", TableHeader(tab, "chart-variation"));
        var rows = TableRows(tab, "chart-variation");
        Assert.Equal("2026-03-10 12:00", rows[0][0]);
        Assert.Equal("2026-03-09 13:00", rows[^1][0]);
        Assert.Equal("1,500", rows.Single(r => r[0] == "2026-03-10 11:00")[1].Replace(NumberFormatInfo.CurrentInfo.NumberGroupSeparator, ",", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Range90dAtHourGrain_ShowsDaysAndSaysWhy()
    {
        var (flag, _) = await FlagWithTrafficAsync();

        var tab = RenderTab(flag, "?range=90d&grain=hour");

        tab.WaitForAssertion(() => Assert.Equal(90, TableRows(tab, "chart-api-version").Count));
        Assert.Equal("Day", TableHeader(tab, "chart-api-version"));
        Assert.All(TableRows(tab, "chart-api-version"), r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r[0]));
        Assert.Equal($"Shown by day: hour grain is limited to {HourLimit} days.", tab.Find("[data-testid=chart-api-version-grain-note]").TextContent.Trim());
    }

    [Fact]
    public async Task ViewInTheUrl_IsRestored_AndChangesAreWrittenBack()
    {
        var (flag, _) = await FlagWithTrafficAsync();

        var tab = RenderTab(flag, "?range=7d&grain=hour&versions=major&clients=clientVersion");

        tab.WaitForAssertion(() => Assert.Equal(7 * 24, TableRows(tab, "chart-variation").Count));
        Assert.Equal("Hour", TableHeader(tab, "chart-variation"));
        Assert.Equal(["1.x", "2.x"], tab.FindAll("[data-testid=chart-api-version-table] thead th").Skip(1).Select(th => th.TextContent.Trim()));
        Assert.Contains("Evaluations by client version", tab.Find("[data-testid=chart-client]").TextContent, StringComparison.Ordinal);

        tab.FindAll("[data-testid=adoption-range] .mud-toggle-item").Single(b => b.TextContent.Trim() == "90d").Click();

        tab.WaitForAssertion(() => Assert.Equal(90, TableRows(tab, "chart-variation").Count));
        var query = new Uri(Navigation.Uri).Query;
        Assert.Contains("range=90d", query, StringComparison.Ordinal);
        Assert.Contains("grain=hour", query, StringComparison.Ordinal);
        Assert.Contains("versions=major", query, StringComparison.Ordinal);
        Assert.Contains("clients=clientVersion", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadValuesInTheUrl_FallBackToTheDefaults()
    {
        var (flag, _) = await FlagWithTrafficAsync();

        var tab = RenderTab(flag, "?range=1y&grain=5&versions=tiny&clients=variation");

        tab.WaitForAssertion(() => Assert.Equal(30, TableRows(tab, "chart-variation").Count));
        Assert.Equal("Day", TableHeader(tab, "chart-variation"));
        Assert.Contains("Evaluations by client type", tab.Find("[data-testid=chart-client]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["1.4.0", "2.1.0"], tab.FindAll("[data-testid=chart-api-version-table] thead th").Skip(1).Select(th => th.TextContent.Trim()));
    }

    [Fact]
    public async Task FlagPage_TabInTheUrl_OpensThatTab_AndTheChosenTabIsWrittenBack()
    {
        SignInAs("viewer@example.com", "Viewer", Dashboard.Security.DashboardPolicies.View);
        var (flag, _) = await FlagWithTrafficAsync();
        Navigation.NavigateTo($"flags/{flag.Id}?tab=consumers");

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(c => c.FlagId, flag.Id));

        page.WaitForAssertion(() => Assert.Equal("Consumers", page.Find(".mud-tab.mud-tab-active").TextContent.Trim()));
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "History").Click();
        page.WaitForAssertion(() => Assert.Contains("tab=history", new Uri(Navigation.Uri).Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManyClientVersions_ChartTheTopEightPlusOther_AndTheCsvIsWhatIsCharted()
    {
        var (flag, _) = await FlagWithTrafficAsync((data, f, environment) =>
        {
            var globex = data.Consumer(environment, "globex");
            for (var i = 0; i < 12; i++)
            {
                data.Rollup(f, globex, variation: 0, count: 10 + i, age: TimeSpan.FromHours(2), clientVersion: $"9.{i}.0");
            }
        });

        var tab = RenderTab(flag, "?clients=clientVersion");

        tab.WaitForAssertion(() => Assert.NotEmpty(TableRows(tab, "chart-client")));
        var columns = tab.FindAll("[data-testid=chart-client-table] thead th").Skip(1).Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(AdoptionChartPanel.TopSeries + 1, columns.Count);
        Assert.Equal("other", columns[^1]);
        Assert.Equal(columns, tab.FindAll("[data-testid=chart-client-chart-legend] .sd-legend-item").Select(i => i.TextContent.Trim()));

        var panel = tab.FindComponents<AdoptionChartPanel>().Single(p => p.Instance.TestId == "chart-client");
        var csv = panel.Instance.Csv().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(columns, csv.Select(r => r[1]).Distinct());
        var today = TableRows(tab, "chart-client")[0];
        var todayInCsv = csv.Where(r => r[0].StartsWith("2026-03-10", StringComparison.Ordinal)).ToDictionary(r => r[1], r => long.Parse(r[2], CultureInfo.InvariantCulture));
        Assert.Equal(today.Skip(1).Select(c => long.Parse(c, NumberStyles.AllowThousands, CultureInfo.CurrentCulture)), columns.Select(c => todayInCsv[c]));
        // "other" is the six least used versions today, 9.0.0 to 9.5.0; 3.4.0 and yesterday's 1.0.0 are among the top eight.
        Assert.Equal(10 + 11 + 12 + 13 + 14 + 15, todayInCsv["other"]);
    }

    [Fact]
    public async Task SameVersion_HasTheSameColour_OnTwoCharts()
    {
        var (flag, _) = await FlagWithTrafficAsync();

        var tab = RenderTab(flag, "?clients=clientVersion&range=7d");

        tab.WaitForAssertion(() => Assert.NotEmpty(TableRows(tab, "chart-api-version")));
        string Fill(string chart, string series) => tab.Find($"[data-testid={chart}-chart] rect[data-series='{series}']").GetAttribute("fill")!;
        Assert.Equal(ChartPalette.ColorOf("2.1.0"), Fill("chart-api-version", "2.1.0"));
        Assert.NotEqual(Fill("chart-api-version", "2.1.0"), Fill("chart-api-version", "1.4.0"));
        Assert.Equal(Fill("chart-variation", "v0"), ChartPalette.ColorsFor(["v0", "v1"])[0]);
    }

    [Fact]
    public async Task Buckets_HaveTooltipsWithBucketSeriesAndFormattedCount()
    {
        var (flag, _) = await FlagWithTrafficAsync();

        var tab = RenderTab(flag, "?range=24h");

        tab.WaitForAssertion(() => Assert.Equal(24, tab.FindAll("[data-testid=chart-variation-chart] [data-testid=chart-bucket]").Count));
        var bucket = tab.FindAll("[data-testid=chart-variation-chart] [data-testid=chart-bucket]")[22];
        Assert.Equal("0", bucket.GetAttribute("tabindex"));
        Assert.Equal($"2026-03-10 11:00; v0: {1500.ToString("#,##0", CultureInfo.CurrentCulture)}", bucket.GetAttribute("aria-label"));
        Assert.Contains(1500.ToString("#,##0", CultureInfo.CurrentCulture), bucket.QuerySelector(".sd-tip")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanMilestones_AreMarkedOnTheFlagsAdoptionChart()
    {
        DeprecationPlan? plan = null;
        var (flag, _) = await FlagWithTrafficAsync((data, f, _) => plan = data.Plan(f, "Retire v1 format", deprecationInDays: -3, sunsetInDays: 60));
        await AddBrownoutAndCampaignAsync(plan!.Id);

        var tab = RenderTab(flag, "");

        tab.WaitForAssertion(() => Assert.NotEmpty(tab.FindAll("[data-testid=chart-variation-chart] [data-testid=chart-milestone]")));
        var marks = tab.FindAll("[data-testid=chart-variation-chart] [data-testid=chart-milestone]");
        // The sunset is 60 days ahead, outside the 30 days charted.
        Assert.Equal(["Deprecation", "Brownout", "CampaignSent", "Announce"], marks.Select(m => m.GetAttribute("data-kind")));
        Assert.Contains("Retire v1 format", marks[0].GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanMilestones_AreMarkedOnTheBurnDown()
    {
        DeprecationPlan? plan = null;
        var (flag, _) = await FlagWithTrafficAsync((data, f, _) => plan = data.Plan(f, "Retire v1 format", deprecationInDays: -3, sunsetInDays: 20));
        await AddBrownoutAndCampaignAsync(plan!.Id);
        var points = Enumerable.Range(0, 30).Select(i => new BurnDownPoint(new DateOnly(2026, 2, 9).AddDays(i), 30 - i, 100)).ToList();

        var chart = RenderWithMud<BurnDownChart>(p => p.Add(c => c.Data, new BurnDown(points, new DateOnly(2026, 3, 30), 0, 5, 50, 14)).Add(c => c.PlanId, plan.Id));

        chart.WaitForAssertion(() => Assert.Equal(
            ["Deprecation", "Brownout", "CampaignSent", "Announce"],
            chart.FindAll("[data-testid=chart-milestone]").Select(m => m.GetAttribute("data-kind"))));
    }

    /// <summary>A brownout two days ago, a campaign sent 25 hours ago, and a cancelled campaign that is not a milestone.</summary>
    private async Task AddBrownoutAndCampaignAsync(int planId)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        await using var db = Database.CreateContext();
        db.BrownoutWindows.Add(new BrownoutWindow { PlanId = planId, StartsAt = now.AddDays(-2), EndsAt = now.AddDays(-2).AddHours(4) });
        var template = new NotificationTemplate { Key = "t", Name = "T", SubjectTemplate = "s", HtmlBodyTemplate = "h", TextBodyTemplate = "t", UpdatedAt = now };
        db.NotificationTemplates.Add(template);
        await db.SaveChangesAsync();
        db.Campaigns.Add(new Campaign { PlanId = planId, TemplateId = template.Id, Name = "Announcement", Status = CampaignStatus.Completed, CreatedAt = now.AddDays(-1).AddHours(-1), CompletedAt = now.AddDays(-1).AddHours(-1) });
        db.Campaigns.Add(new Campaign { PlanId = planId, TemplateId = template.Id, Name = "Never sent", Status = CampaignStatus.Cancelled, CreatedAt = now });
        await db.SaveChangesAsync();
    }
}
