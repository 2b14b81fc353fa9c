using Bunit;
using Dashboard.Components.Pages.Timelines;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Components.Pages.Timelines;

public sealed class TimelinesPageTests : SundialComponentTest
{
    private DeprecationPlan plan = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-format", legacyVariations: [0]);
        // Deprecated on 2026-03-15, sunset on 2026-04-19 (now is 2026-03-10).
        plan = data.Plan(flag, "Retire the v1 format", deprecationInDays: 5, sunsetInDays: 40);
        await data.SaveAsync(Database.Factory);
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
    }

    private IRenderedComponent<TimelinesPage> RenderPage()
    {
        var page = RenderWithMud<TimelinesPage>();
        page.WaitForElement(".mud-tabs");
        return page;
    }

    private static void OpenTab(IRenderedComponent<TimelinesPage> page, string text) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim().StartsWith(text, StringComparison.Ordinal)).Click();

    [Fact]
    public void Timeline_ShowsThePlanAsARowLinkingToIt()
    {
        var page = RenderPage();

        var row = page.WaitForElement("[data-testid=plan-gantt] [data-testid=gantt-row]");
        Assert.Equal($"timelines/plans/{plan.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Retire the v1 format", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("use-new-format · announced", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Retire the v1 format: deprecated 2026-03-15 → sunset 2026-04-19", row.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=new-plan]"));
    }

    [Fact]
    public void Calendar_ShowsDeprecationThisMonthAndSunsetNextMonth()
    {
        var page = RenderPage();
        OpenTab(page, "Calendar");

        page.WaitForElement("[data-testid=plan-calendar]");
        Assert.Equal("March 2026", page.Find("[data-testid=calendar-month]").TextContent.Trim());
        var march = page.FindAll("[data-testid=calendar-event]").Select(e => e.GetAttribute("title")).ToList();
        Assert.Contains("Deprecation: Retire the v1 format (use-new-format), 2026-03-15 12:00 UTC", march);
        Assert.DoesNotContain(march, t => t!.StartsWith("Sunset", StringComparison.Ordinal));

        page.Find("[data-testid=calendar-next]").Click();

        Assert.Equal("April 2026", page.Find("[data-testid=calendar-month]").TextContent.Trim());
        var april = page.FindAll("[data-testid=calendar-event]").ToList();
        var sunset = Assert.Single(april);
        Assert.Equal("Sunset use-new-format", string.Join(" ", sunset.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal($"timelines/plans/{plan.Id}", sunset.GetAttribute("href"));
    }

    [Fact]
    public void PlansTab_ListsThePlanWithFlagAndDates()
    {
        var page = RenderPage();
        OpenTab(page, "Plans (1)");

        var row = page.WaitForElement("[data-testid=plans-table] tbody tr");
        Assert.Equal("Retire the v1 format", row.QuerySelector("td[data-label=Plan]")!.TextContent.Trim());
        Assert.Equal("use-new-format", row.QuerySelector("td[data-label=Flag]")!.TextContent.Trim());
        Assert.Equal("2026-04-19 12:00", row.QuerySelector("td[data-label=Sunset]")!.TextContent.Trim());
    }
}
