using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E.Flags;

/// <summary>A copied flag page URL opens the same view: tab, range and grain come from the query and stay there across a reload.</summary>
[Collection(SharedBrowser.Name)]
public sealed class FlagViewUrlTests(BrowserFixture browser)
{
    private const string FlagKey = "use-new-response-format";

    [Fact]
    public async Task SharedUrl_RestoresTabRangeAndGrain()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync("linus@example.com", "Correct-Horse-42", "Linus");
        await page.GotoAsync("/flags");
        await page.WaitForInteractiveAsync();
        var flagPath = await page.GetByRole(AriaRole.Link, new() { Name = FlagKey }).GetAttributeAsync("href");

        await page.GotoAsync($"/{flagPath!.TrimStart('/')}?tab=consumers&range=7d&grain=hour");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Consumers", Selected = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Adoption" }).ClickAsync();
        var table = page.GetByTestId("chart-variation-table");
        await Expect(table.Locator("thead th").First).ToHaveTextAsync("Hour", new() { Timeout = 30_000 });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(7 * 24);
        await Expect(page).ToHaveURLAsync(new Regex("range=7d.*grain=hour|grain=hour.*range=7d"));
        await Expect(page).Not.ToHaveURLAsync(new Regex("tab="));

        await page.GetByTestId("adoption-range").GetByText("90d", new() { Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("range=90d"));
        await Expect(page.GetByTestId("chart-variation-grain-note")).ToContainTextAsync("Shown by day: hour grain is limited to", new() { Timeout = 30_000 });

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(table.Locator("thead th").First).ToHaveTextAsync("Day", new() { Timeout = 30_000 });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(90);
        await Expect(page.GetByTestId("chart-variation-grain-note")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var screenshots = Path.Combine(RepositoryLayout.TestResults, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "flag-adoption-90d.png"), FullPage = true });
    }
}
