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
    public async Task FlagDetail_EditorTogglesLegacyMark_ConfirmsWithTheImpact_CancelChangesNothing_ConfirmStoresAndAudits()
    {
        SignIn("editor@example.com", DashboardPolicies.View, DashboardPolicies.Edit);
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddFlagAsync(environment, "format", null, ("New", false), ("Old", false));
        var acme = await Data.AddConsumerAsync(environment, "acme");
        await Data.AddRollupAsync(flag, acme, Now.AddHours(-3), 1, 1234);

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(c => c.FlagId, flag));
        page.WaitForElement("input[data-testid=legacy-switch-1]").Change(true);

        Dialogs.WaitForAssertion(() => Assert.Contains("Mark “Old” as legacy?", Dialogs.Markup, StringComparison.Ordinal));
        var lines = Dialogs.FindAll("[data-testid=confirm-impact-lines] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.StartsWith("1 consumer(s) served “Old” in the last 7 days", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1,234 evaluation(s) in the last 7 days move into the legacy share", lines[1], StringComparison.Ordinal);
        await Dialogs.Find("[data-testid=confirm-impact-cancel]").ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        await using (var db = Database.CreateContext())
        {
            Assert.False((await db.FlagVariations.SingleAsync(v => v.FlagId == flag && v.Index == 1)).IsLegacy);
            Assert.Empty(await db.AuditEntries.ToListAsync());
        }

        page.WaitForElement("input[data-testid=legacy-switch-1]").Change(true);
        await Dialogs.WaitForElement("[data-testid=confirm-impact-yes]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Old (false) — legacy", page.Find("[data-testid=flag-variations]").TextContent, StringComparison.Ordinal));
        await using var check = Database.CreateContext();
        Assert.True((await check.FlagVariations.SingleAsync(v => v.FlagId == flag && v.Index == 1)).IsLegacy);
        Assert.Equal("editor@example.com", (await check.AuditEntries.SingleAsync()).Actor);
    }

    [Fact]
    public async Task FlagDetail_LastVariationThatIsNotLegacy_HasItsSwitchDisabled()
    {
        SignIn("editor@example.com", DashboardPolicies.View, DashboardPolicies.Edit);
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddBooleanFlagAsync(environment, "format");

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(c => c.FlagId, flag));

        page.WaitForAssertion(() => Assert.True(page.Find("input[data-testid=legacy-switch-0]").HasAttribute("disabled")));
        Assert.False(page.Find("input[data-testid=legacy-switch-1]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task FlagDetail_DiscoveredFlag_DeleteConfirmsWhatIsRemoved_ThenRemovesItWithItsDataAndAudits()
    {
        SignIn("editor@example.com", DashboardPolicies.View, DashboardPolicies.Edit);
        var environment = await Data.AddEnvironmentAsync();
        var flag = await Data.AddFlagAsync(environment, "nope", null, ("null", false));
        await using (var db = Database.CreateContext())
        {
            await db.Flags.Where(f => f.Id == flag).ExecuteUpdateAsync(u => u.SetProperty(f => f.Source, Dashboard.Data.Entities.FlagSource.Discovered));
        }

        var acme = await Data.AddConsumerAsync(environment, "acme");
        await Data.AddRollupAsync(flag, acme, Now.AddHours(-3), 0, 999_999);

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(c => c.FlagId, flag));
        page.WaitForElement("[data-testid=flag-delete]").Click(); // not awaited: the handler waits for the confirmation below

        Dialogs.WaitForAssertion(() => Assert.Contains("1 hourly rollup row(s) counting 999,999 evaluation(s)", Dialogs.Markup, StringComparison.Ordinal));
        await Dialogs.Find("[data-testid=confirm-impact-yes]").ClickAsync(new());

        await using var check = Database.CreateContext();
        page.WaitForAssertion(() => Assert.False(check.Flags.Any(f => f.Id == flag)));
        Assert.False(await check.EvaluationRollups.AnyAsync(r => r.FlagId == flag));
        Assert.Equal(("flag.deleted", "editor@example.com"), await check.AuditEntries.Select(e => ValueTuple.Create(e.Action, e.Actor)).SingleAsync());
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
