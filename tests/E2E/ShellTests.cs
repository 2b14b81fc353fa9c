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

    // Every page in the navigation; the detail pages (plan, template, campaign, flag tabs, consumer) are added per run from the demo data.
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
    public async Task EveryPage_FitsTheScreen_WithReadableChartsAndWholeTables_OnDesktopAndPhone()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync(AdminEmail, AdminPassword, "Ada Lovelace");
        var tooWide = new List<string>();
        var unreadable = new List<string>();
        var pages = NavigationPages.Concat(await DemoDetailPagesAsync(page)).ToList();

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in pages)
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

                // Chart labels stay readable: the 13-unit tick labels of a 900-unit plot shrank to 5 px on a phone.
                var smallestLabel = await page.EvaluateAsync<double>(
                    "() => Math.min(1000, ...[...document.querySelectorAll('[data-testid=y-ticks] text')].map(t => t.getBoundingClientRect().height).filter(h => h > 0))");
                if (smallestLabel < 9)
                {
                    unreadable.Add($"{path} at {width}x{height}: chart labels {smallestLabel:F1}px tall");
                }

                // Every version-matrix column fits a desktop: the last one was cut off behind the scroll edge.
                if (width == 1440 && path.Contains("tab=rules", StringComparison.Ordinal))
                {
                    var lastHeader = page.Locator(".version-matrix thead th").Last;
                    await Expect(lastHeader).ToBeVisibleAsync(new() { Timeout = 30_000 });
                    var edges = await lastHeader.EvaluateAsync<double[]>("th => [th.getBoundingClientRect().right, th.closest('.version-matrix-scroll').getBoundingClientRect().right]");
                    if (edges[0] > edges[1] + 1)
                    {
                        tooWide.Add($"{path} at {width}x{height}: the last matrix column ends at {edges[0]:F0}px, the matrix at {edges[1]:F0}px");
                    }
                }
            }
        }

        Assert.Empty(tooWide);
        Assert.Empty(unreadable);
    }

    // The detail pages of the demo: the plan, a template, a campaign (the demo's reminders start one at start-up), a flag on
    // each tab and a consumer, found through the links a user would follow.
    private static async Task<IEnumerable<string>> DemoDetailPagesAsync(IPage page)
    {
        async Task<string> FirstLinkAsync(string listPath, string selector)
        {
            await page.GotoAsync(listPath);
            await page.WaitForInteractiveAsync();
            var link = page.Locator(selector).First;
            await Expect(link).ToBeAttachedAsync(new() { Timeout = 30_000 });
            var href = await link.GetAttributeAsync("href");
            return "/" + href!.TrimStart('/').Split('?')[0];
        }

        var campaign = await FirstLinkAsync("/notifications", "a[href^='notifications/campaigns/']:not([href$='/new'])");
        // The demo flag with five client types: the widest version matrix.
        var flag = await FirstLinkAsync("/flags", "[data-testid=flags-table] a[href^='flags/']:has-text('use-new-response-format')");
        var consumer = await FirstLinkAsync("/", "a[href^='consumers/']");
        return ["/timelines/plans/1", "/notifications/templates/1", campaign,
            $"{flag}?tab=adoption", $"{flag}?tab=consumers", $"{flag}?tab=rules", $"{flag}?tab=history", consumer];
    }
}
