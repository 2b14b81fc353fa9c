using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E.Infrastructure;

public static class BlazorPageExtensions
{
    /// <summary>
    /// Waits until the page's Blazor circuit is connected and has rendered interactively (the layout marks itself
    /// <c>data-interactive="true"</c> then). Clicks before that land on prerendered HTML and do nothing.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary><paramref name="url"/> as the browser shows it once the app has added the selected environment (<c>?env=key</c>).</summary>
    public static Regex PageUrl(string url) => new("^" + Regex.Escape(url) + @"(\?env=[\w-]+)?$");

    /// <summary>Creates the first admin through <c>/setup</c> on a fresh installation and waits for the signed-in Overview.</summary>
    public static async Task CreateFirstAdminAsync(this IPage page, string email, string password, string displayName)
    {
        await page.GotoAsync("/setup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the first admin" })).ToBeVisibleAsync();
        var root = new Uri(new Uri(page.Url), "/").ToString();
        await page.FillAsync("#email", email);
        await page.FillAsync("#displayName", displayName);
        await page.FillAsync("#password", password);
        await page.FillAsync("#confirmPassword", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PageUrl(root));
        await page.WaitForInteractiveAsync();
    }
}
