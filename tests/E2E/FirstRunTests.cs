using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E;

/// <summary>A newcomer's first minutes: fresh database with the demo seed, create the admin, see the overview, sign out and in.</summary>
[Collection(SharedBrowser.Name)]
public sealed class FirstRunTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string AdminEmail = "ada@example.com";
    private const string AdminPassword = "Correct-Horse-42";

    private static readonly string[] KpiCards = ["kpi-active-consumers", "kpi-legacy-share", "kpi-consumers-on-legacy", "kpi-metadata-health"];

    [Fact]
    public async Task FreshInstall_SetupCreatesAdmin_OverviewShowsSeededKpisAndChart_SignOutAndInAgain()
    {
        await using var app = await SundialProcess.StartAsync();
        output.WriteLine($"Start-up with a fresh database and the demo seed: {app.StartupTime.TotalSeconds:F1} s");
        var page = await browser.NewPageAsync(app);
        var policyViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                policyViolations.Add(message.Text);
            }
        };

        // A fresh installation sends a visitor to sign-in, which points to setup.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GetByTestId("needs-setup").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        // The link navigates in place (enhanced navigation); fill the form only once it is on the page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the first admin" })).ToBeVisibleAsync();

        await FillAsync(page, "#email", AdminEmail);
        await FillAsync(page, "#displayName", "Ada Lovelace");
        await FillAsync(page, "#password", AdminPassword);
        await FillAsync(page, "#confirmPassword", AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(BlazorPageExtensions.PageUrl(app.BaseAddress.ToString()));
        await page.WaitForInteractiveAsync();
        await AssertOverviewShowsSeededDataAsync(page);

        var screenshots = Path.Combine(RepositoryLayout.TestResults, "screenshots");
        Directory.CreateDirectory(screenshots);
        var screenshot = Path.Combine(screenshots, "overview.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is suspiciously small.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await FillAsync(page, "#email", AdminEmail);
        await FillAsync(page, "#password", AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(BlazorPageExtensions.PageUrl(app.BaseAddress.ToString()));
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("kpi-active-consumers")).ToBeVisibleAsync();

        Assert.True(policyViolations.Count == 0, "Content-Security-Policy violations in the browser console:\n" + string.Join('\n', policyViolations));

        // The API reference runs its own inline script; it must work under its (looser) policy too.
        await page.GotoAsync("/scalar/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page).ToHaveTitleAsync("Sundial API");
        Assert.True(policyViolations.Count == 0, "Content-Security-Policy violations on /scalar/:\n" + string.Join('\n', policyViolations));
    }

    private static async Task FillAsync(IPage page, string selector, string value)
    {
        await page.FillAsync(selector, value);
        await Expect(page.Locator(selector)).ToHaveValueAsync(value);
    }

    private static async Task AssertOverviewShowsSeededDataAsync(IPage page)
    {
        // The KPI queries run over 90 days of demo data; on the shared 2-core CI machine they took over 5 s once.
        foreach (var kpi in KpiCards)
        {
            await Expect(page.GetByTestId(kpi)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        var activeConsumers = int.Parse(await page.GetByTestId("kpi-active-consumers-value").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.InRange(activeConsumers, 1, 1000);
        foreach (var percentKpi in new[] { "kpi-legacy-share-value", "kpi-metadata-health-value" })
        {
            Assert.Matches(@"^\d{1,3}(\.\d)?\s?%$", (await page.GetByTestId(percentKpi).InnerTextAsync()).Trim());
        }

        var chart = page.GetByTestId("adoption-chart");
        await Expect(chart).ToBeVisibleAsync();
        // A stacked bar chart of 30 days draws many bars; an empty chart draws none.
        Assert.True(await chart.Locator("svg rect, svg path").CountAsync() > 30, "The adoption chart drew no bars.");
    }
}
