using Bunit;
using Dashboard.Analytics;
using Dashboard.Components.Pages.Flags;
using Dashboard.Components.Pages.Overview;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class AnalyticsComponentTests : SundialComponentTest
{
    private static readonly DateTimeOffset Now = DefaultNow;

    private AnalyticsData Data => new(Database.Factory, Now);

    private void SignIn(string name, params string[] policies)
    {
        Authorization.SetAuthorized(name);
        Authorization.SetPolicies(policies);
    }

    [Fact]
    public async Task FlagsPage_ListsFlagsWithLegacyShareAndStatus()
    {
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddBooleanFlagAsync(environment, "use-new-format");
        var consumer = await Data.AddConsumerAsync(environment, "acme");
        await Data.AddRollupAsync(flag, consumer, Now.AddDays(-10), 0, 1);
        await Data.AddRollupAsync(flag, consumer, Now.AddHours(-2), 1, 25);
        await Data.AddRollupAsync(flag, consumer, Now.AddHours(-2), 0, 75);

        var page = RenderWithMud<FlagsPage>();

        page.WaitForAssertion(() => Assert.Contains("use-new-format", page.Find("[data-testid=flags-table]").TextContent, StringComparison.Ordinal));
        Assert.Equal("25.0%", page.Find("[data-testid=flag-legacy-share]").TextContent.Trim().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("Active", page.Find("[data-testid=flag-status]").TextContent.Trim());
    }

    [Fact]
    public async Task FlagsPage_WithoutFlags_SaysWhatToDoNext()
    {
        await Data.AddEnvironmentAsync();

        var page = RenderWithMud<FlagsPage>();

        page.WaitForAssertion(() => Assert.Contains("No flags in this environment yet", page.Find("[data-testid=flags-empty]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlagDetail_EditorTogglesLegacyMark_StoresAndAuditsIt()
    {
        SignIn("editor@example.com", DashboardPolicies.View, DashboardPolicies.Edit);
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddFlagAsync(environment, "format", null, ("New", false), ("Old", false));

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(c => c.FlagId, flag));
        page.WaitForElement("input[data-testid=legacy-switch-1]").Change(true);

        page.WaitForAssertion(() => Assert.Contains("Old (false) — legacy", page.Find("[data-testid=flag-variations]").TextContent, StringComparison.Ordinal));
        await using var db = Database.CreateContext();
        Assert.True((await db.FlagVariations.SingleAsync(v => v.FlagId == flag && v.Index == 1)).IsLegacy);
        Assert.Equal("editor@example.com", (await db.AuditEntries.SingleAsync()).Actor);
    }

    [Fact]
    public async Task FlagDetail_Viewer_SeesMarksButNoSwitches()
    {
        SignIn("viewer@example.com", DashboardPolicies.View);
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddBooleanFlagAsync(environment, "format");

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(c => c.FlagId, flag));

        page.WaitForAssertion(() => Assert.Contains("Legacy (false) — legacy", page.Find("[data-testid=flag-variations]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid^=legacy-switch]"));
    }

    [Fact]
    public void AdoptionChartPanel_ShowsTheSameNumbersInItsTable()
    {
        var buckets = new[] { Now.AddDays(-1), Now };
        var data = new AdoptionBreakdown(buckets, [new AdoptionSeries("1.9.0", [3, 1200]), new AdoptionSeries("2.0.0", [0, 7])], [3, 1207], [3, 0]);

        var panel = RenderWithMud<AdoptionChartPanel>(p => p.Add(c => c.Title, "By version").Add(c => c.Data, data).Add(c => c.TestId, "chart"));

        var rows = panel.FindAll("[data-testid=chart-table] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["1.9.0", "2.0.0"], panel.FindAll("[data-testid=chart-table] thead th").Skip(1).Select(th => th.TextContent));
        Assert.Equal(Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), rows[0][0]);
        Assert.Equal(1200, int.Parse(rows[0][1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.CurrentCulture));
        Assert.Equal("7", rows[0][2]);
    }

    [Fact]
    public void AdoptionChartPanel_EmptyRange_ShowsEmptyState()
    {
        var data = new AdoptionBreakdown([Now], [], [0], [0]);

        var panel = RenderWithMud<AdoptionChartPanel>(p => p.Add(c => c.Title, "By version").Add(c => c.Data, data).Add(c => c.TestId, "chart"));

        Assert.Contains("No evaluations in this range", panel.Find("[data-testid=chart-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=chart-table]"));
    }

    [Fact]
    public async Task Overview_ShowsKpisTrendAndLaggardsWithLinks()
    {
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddBooleanFlagAsync(environment, "format");
        var acme = await Data.AddConsumerAsync(environment, "acme");
        await Data.AddRollupAsync(flag, acme, Now.AddDays(-1), 1, 20);
        await Data.AddRollupAsync(flag, acme, Now.AddDays(-1), 0, 80);
        await Data.AddRollupAsync(flag, acme, Now.AddDays(-8), 1, 50);
        await Data.AddRollupAsync(flag, acme, Now.AddDays(-8), 0, 50);

        var page = RenderWithMud<Overview>();

        page.WaitForAssertion(() => Assert.Equal("20.0%", page.Find("[data-testid=kpi-legacy-share-value]").TextContent.Replace(" ", "", StringComparison.Ordinal)));
        Assert.StartsWith("▼ 30.0 pts", page.Find("[data-testid=kpi-legacy-share-trend]").TextContent, StringComparison.Ordinal);
        Assert.Equal("consumers?legacy=true", page.Find("[data-testid=kpi-consumers-on-legacy-link]").GetAttribute("href"));
        Assert.Contains("ACME", page.Find("[data-testid=top-laggards]").TextContent, StringComparison.Ordinal);
    }
}
