using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Dashboard.Components.Pages.Timelines;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Components.Pages.Timelines;

/// <summary>The timeline and calendar around a year change: today is 5 December 2026, the plans run into 2027.</summary>
public sealed class PlanGanttTests : SundialComponentTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var format = data.Flag(production, "use-new-format", legacyVariations: [0]);
        var sync = data.Flag(production, "offline-sync", legacyVariations: [0]);
        // Both titles start alike and both plans end on the same day (2027-01-14), as in the demo.
        data.Plan(format, "Retire the v1 response format for every partner", deprecationInDays: 5, sunsetInDays: 40);
        data.Plan(sync, "Retire the offline sync", deprecationInDays: 10, sunsetInDays: 40);
        await data.SaveAsync(Database.Factory);
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
    }

    private IRenderedComponent<TimelinesPage> RenderPage()
    {
        var page = RenderWithMud<TimelinesPage>();
        page.WaitForElement("[data-testid=plan-gantt]");
        return page;
    }

    private static double X(IElement line) => double.Parse(line.GetAttribute("x1")!, CultureInfo.InvariantCulture);

    [Fact]
    public void MonthLabels_NameTheYearAtTheStartAndAtEachNewYear()
    {
        var page = RenderPage();

        var labels = page.FindAll("[data-testid=plan-gantt] > text").Select(t => t.TextContent.Trim()).Where(t => !t.StartsWith("today", StringComparison.Ordinal)).ToList();

        Assert.Equal(["Nov 2026", "Dec", "Jan 2027", "Feb"], labels);
    }

    [Fact]
    public void TodayLine_LiesInsideTheCurrentMonth()
    {
        var page = RenderPage();

        var months = page.FindAll("[data-testid=gantt-month]").ToDictionary(m => m.GetAttribute("data-month")!, X);
        var today = X(page.Find("[data-testid=gantt-today]"));

        Assert.InRange(today, months["2026-12"], months["2027-01"]);
        Assert.Contains("today, 2026-12-05", page.Find("[data-testid=plan-gantt]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_WrapInsteadOfBeingCutAndTheFullTitleIsTheLinksName()
    {
        var page = RenderPage();

        var row = page.FindAll("[data-testid=gantt-row]").Single(r => r.TextContent.Contains("use-new-format", StringComparison.Ordinal));
        var link = row.QuerySelector("a")!;
        Assert.StartsWith("Retire the v1 response format for every partner", link.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal(["Retire the v1 response format", "for every partner"], link.QuerySelectorAll("text").Take(2).Select(t => t.TextContent.Trim()));
        Assert.Equal("900px", page.Find("[data-testid=plan-gantt]").GetAttribute("style")!.Split("min-width:")[1].Trim());
        Assert.NotNull(page.Find("[data-testid=plan-gantt-scroll]"));
    }

    [Fact]
    public void CalendarChips_OnTheSameDay_NameTheirFlagsAndCarryTheFullTitle()
    {
        var page = RenderPage();
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Calendar").Click();
        page.WaitForElement("[data-testid=plan-calendar]");
        page.Find("[data-testid=calendar-next]").Click();

        var chips = page.FindAll("[data-date='2027-01-14'] [data-testid=calendar-event]");

        Assert.Equal(
            ["Sunset offline-sync", "Sunset use-new-format"],
            chips.Select(c => string.Join(" ", c.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Order(StringComparer.Ordinal));
        var format = chips.Single(c => c.TextContent.Contains("use-new-format", StringComparison.Ordinal));
        Assert.Equal("Sunset: Retire the v1 response format for every partner (use-new-format), 2027-01-14 12:00 UTC", format.GetAttribute("title"));
        Assert.Equal(format.GetAttribute("title"), format.GetAttribute("aria-label"));
    }
}
