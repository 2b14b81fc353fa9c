using Microsoft.Playwright;

namespace Dashboard.Tests.E2E.Infrastructure;

public static class BlazorPageExtensions
{
    /// <summary>
    /// Waits until the page's Blazor circuit is connected and has rendered interactively (the layout marks itself
    /// <c>data-interactive="true"</c> then). Clicks before that land on prerendered HTML and do nothing.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
