using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E;

/// <summary>The layout shell: the environment switcher works with the mouse and lives in the URL; no page is wider than the screen.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ShellTests(BrowserFixture browser)
{
    private const string AdminEmail = "ada@example.com";
    private const string AdminPassword = "Correct-Horse-42";

    // Every page in the navigation. The plan page (helper D), template page (helper C) and chart internals (helper B) are
    // fixed on their branches; the lead adds /timelines/plans/{id} and /notifications/templates/{id} here after merging.
    private static readonly string[] NavigationPages =
        ["/", "/flags", "/consumers", "/timelines", "/notifications", "/settings", "/settings/users", "/settings/audit", "/settings/environments",
         "/settings/ingest-keys", "/settings/ingest", "/settings/launchdarkly", "/settings/mail"];

    [Fact]
    public async Task SwitchingEnvironmentWithTheMouse_LandsOnItsFlags_AndSurvivesReloadAndDirectLinks()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync(AdminEmail, AdminPassword, "Ada Lovelace");
        var environmentName = page.GetByTestId("environment-name");
        await Expect(environmentName).ToHaveTextAsync("Production");

        await page.GetByTestId("environment-switcher-button").ClickAsync();
        await page.GetByTestId("environment-option-partner-api").ClickAsync();
        await Expect(environmentName).ToHaveTextAsync("Partner API");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?env=partner-api$"));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Flags" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/flags\?env=partner-api$"));
        await page.GetByTestId("flags-table").Locator("a[href^='flags/']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/flags/\d+\?env=partner-api$"));
        var flagPath = new Uri(page.Url).AbsolutePath;

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(environmentName).ToHaveTextAsync("Partner API");

        await page.GotoAsync("/?env=production");
        await page.WaitForInteractiveAsync();
        await Expect(environmentName).ToHaveTextAsync("Production");
        await page.GotoAsync(flagPath);
        await page.WaitForInteractiveAsync();
        await Expect(environmentName).ToHaveTextAsync("Partner API");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?env=partner-api$"));
    }

    [Fact]
    public async Task EveryPageInTheNavigation_FitsTheScreen_OnDesktopAndPhone()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync(AdminEmail, AdminPassword, "Ada Lovelace");
        var tooWide = new List<string>();

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in NavigationPages)
            {
                await page.GotoAsync(path);
                await page.WaitForInteractiveAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                // Loaded: no loading bar left (progress bars with a value, like a campaign's, stay).
                await Expect(page.Locator(".mud-progress-indeterminate, .mud-table-loading")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
                var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                var (scrollWidth, innerWidth) = (widths[0], widths[1]);
                if (scrollWidth > innerWidth)
                {
                    tooWide.Add($"{path} at {width}x{height}: {scrollWidth}px wide");
                }

                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account" })).ToBeInViewportAsync();
            }
        }

        Assert.Empty(tooWide);
    }
}
