using Microsoft.Playwright;

namespace Dashboard.Tests.E2E.Infrastructure;

/// <summary>
/// One headless Chromium for the test run: the system's <c>/usr/bin/chromium</c> or <c>PLAYWRIGHT_CHROMIUM_EXECUTABLE</c>
/// (Playwright cannot download browsers here).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public static string ChromiumExecutable =>
        System.Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        // CI runs the unit and browser suites side by side on two cores: a page can need far longer than Playwright's 5 s
        // default to re-render after a click. Expectations still fail, only later; nothing asserts a duration.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        if (!File.Exists(ChromiumExecutable))
        {
            throw new FileNotFoundException($"Chromium is not at {ChromiumExecutable}; install Debian's 'chromium' (./test.sh does) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE.");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumExecutable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies) with relative URLs resolved against <paramref name="app"/>.</summary>
    public async Task<IPage> NewPageAsync(SundialProcess app)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            TimezoneId = "Europe/Berlin",
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
