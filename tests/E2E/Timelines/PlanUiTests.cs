using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E.Timelines;

/// <summary>An editor schedules a plan in the browser and finds its sunset on the calendar.</summary>
[Collection(SharedBrowser.Name)]
public sealed class PlanUiTests(BrowserFixture browser)
{
    private const string AdminEmail = "grace@example.com";
    private const string AdminPassword = "Correct-Horse-42";

    [Fact]
    public async Task Editor_CreatesPlan_AndSeesItsSunsetOnTheCalendar()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync(AdminEmail, AdminPassword, "Grace Hopper");

        await page.GotoAsync("/timelines/plans/new");
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("plan-flag").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "offline-sync" }).ClickAsync();
        // The plan retires the flag's legacy variation, shown read-only (marks change on the flag's page).
        await Expect(page.GetByTestId("plan-variation-1")).ToContainTextAsync("legacy polling sync");

        var title = "Retire polling sync " + Guid.NewGuid().ToString("N")[..6];
        var deprecation = DateTime.UtcNow.Date.AddDays(20).AddHours(12);
        var sunset = DateTime.UtcNow.Date.AddDays(130).AddHours(12);
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel(new Regex("^Deprecation")).FillAsync(deprecation.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel(new Regex("^Sunset")).FillAsync(sunset.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByTestId("plan-save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/timelines/plans/[0-9]+(\?env=[\w-]+)?$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();

        await page.GotoAsync("/timelines?view=calendar");
        await page.WaitForInteractiveAsync();
        var sunsetMonth = sunset.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-US"));
        for (var i = 0; i < 8; i++)
        {
            var shown = await page.GetByTestId("calendar-month").InnerTextAsync();
            if (shown == sunsetMonth)
            {
                break;
            }

            // Wait for the next month to render before reading it again, or a slow render makes the loop overshoot.
            await page.GetByTestId("calendar-next").ClickAsync();
            await Expect(page.GetByTestId("calendar-month")).Not.ToHaveTextAsync(shown);
        }

        await Expect(page.GetByTestId("calendar-month")).ToHaveTextAsync(sunsetMonth);

        var sunsetDay = page.Locator($"[data-date='{sunset:yyyy-MM-dd}']");
        // The chip shows the milestone and the flag; the plan's full title is its tooltip and accessible name.
        await Expect(sunsetDay.GetByRole(AriaRole.Link, new() { Name = "Sunset: " + title })).ToBeVisibleAsync();

        // The timeline and the demo plan's burn-down, for people reviewing the screens.
        var screenshots = Path.Combine(RepositoryLayout.TestResults, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.GotoAsync("/timelines");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("gantt-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("plan-gantt")).ToContainTextAsync("affected");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "timelines.png"), FullPage = true });
        await page.GotoAsync("/timelines/plans/1");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("burndown-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("affected-count")).Not.ToContainTextAsync("…");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "plan-detail.png"), FullPage = true });
    }
}
