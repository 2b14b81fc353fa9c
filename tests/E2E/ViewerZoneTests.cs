using Dashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E;

/// <summary>Times are in the browser's zone (the shared browser runs in Europe/Berlin), named once under the page title.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ViewerZoneTests(BrowserFixture browser)
{
    [Fact]
    public async Task SettingsMail_ShowsTimesInTheBrowsersZone_AndRemembersItInACookie()
    {
        await using var app = await SundialProcess.StartAsync();
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync("ada@example.com", "Correct-Horse-42", "Ada Lovelace");

        await page.GotoAsync("/settings/mail");
        await page.WaitForInteractiveAsync();

        await Expect(page.GetByText("Times in Europe/Berlin")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "sundial-tz" && Uri.UnescapeDataString(c.Value) == "Europe/Berlin");
    }
}
