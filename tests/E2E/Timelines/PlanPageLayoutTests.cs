using System.Text.Json;
using Dashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E.Timelines;

/// <summary>The demo plan's page fits a desktop and a phone: nothing wider than the window, every message column readable.</summary>
[Collection(SharedBrowser.Name)]
public sealed class PlanPageLayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task PlanPage_At1440And390_HasNoHorizontalOverflow_AndShowsEveryMessageColumn()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync("grace@example.com", "Correct-Horse-42", "Grace Hopper");
        var screenshots = Path.Combine(RepositoryLayout.TestResults, "screenshots");
        Directory.CreateDirectory(screenshots);

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/timelines/plans/1");
            await page.WaitForInteractiveAsync();
            // The affected consumers are computed from the rollups after the first render; a loaded machine needs longer than 5 s.
            await Expect(page.GetByTestId("affected-count")).Not.ToContainTextAsync("…", new() { Timeout = 30_000 });
            await AssertNoHorizontalOverflowAsync(page, width);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"plan-detail-{width}.png"), FullPage = true });

            await page.GetByRole(AriaRole.Tab, new() { Name = "What consumers were told" }).ClickAsync();
            var headers = page.GetByTestId("message-table").Locator("thead th");
            await Expect(headers.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var names = await headers.AllInnerTextsAsync();
            Assert.Equal(["To", "Consumer", "Campaign", "Subject", "Status", "Attempts"], names.Take(6).Select(n => n.Trim()));
            for (var i = 0; i < names.Count; i++)
            {
                await Expect(headers.Nth(i)).ToBeVisibleAsync();
                // A header squeezed narrower than its own text is cut off, as Subject and When were beside the extensions.
                Assert.True(await headers.Nth(i).EvaluateAsync<bool>("th => th.scrollWidth <= th.clientWidth + 1"), $"Column '{names[i]}' is cut off at {width} px.");
            }

            if (width == 1440)
            {
                // On a desktop the whole table fits: every header lies inside the window.
                var right = await headers.Last.EvaluateAsync<double>("th => th.getBoundingClientRect().right");
                Assert.True(right <= width, $"The last message column ends at {right} px, beyond the {width} px window.");
            }

            await AssertNoHorizontalOverflowAsync(page, width);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"plan-detail-messages-{width}.png"), FullPage = true });
        }
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page, int width)
    {
        var sizes = await page.EvaluateAsync<JsonElement>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (sizes[0].GetInt32(), sizes[1].GetInt32());
        Assert.True(scrollWidth <= innerWidth, $"At {width} px the page is {scrollWidth} px wide (window {innerWidth} px).");
    }
}
