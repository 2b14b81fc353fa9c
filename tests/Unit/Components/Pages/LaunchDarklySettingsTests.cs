using Bunit;
using Dashboard.Components.Pages.Settings;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Components.Pages;

public sealed class LaunchDarklySettingsTests : SundialComponentTest
{
    private async Task<IRenderedComponent<LaunchDarklySettings>> RenderPageAsync()
    {
        await SeedEnvironmentAsync();
        SignInAs("admin@example.com", DashboardRoles.Admin);
        var page = RenderWithMud<LaunchDarklySettings>();
        page.WaitForElement("[data-testid=token-source]");
        return page;
    }

    [Fact]
    public async Task SaveToken_StoresItProtectedAndShowsOnlyThatOneIsSet()
    {
        var page = await RenderPageAsync();
        Assert.StartsWith("No token is set", page.Find("[data-testid=token-source]").TextContent, StringComparison.Ordinal);

        page.Find("input[type=password]").Change("api-7f3c2a9e-secret-token");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Save token").Click();

        page.WaitForAssertion(() => Assert.StartsWith("A token saved here is in use", page.Find("[data-testid=token-source]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("api-7f3c2a9e-secret-token", page.Markup, StringComparison.Ordinal);
        await using var db = Database.CreateContext();
        var stored = await db.LaunchDarklyConnections.SingleAsync();
        Assert.DoesNotContain("secret-token", stored.ProtectedApiToken, StringComparison.Ordinal);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("launchdarkly.token-set", "LaunchDarkly API token set (ending …oken)"), (audit.Action, audit.Summary));
    }

    [Fact]
    public async Task SaveMapping_StoresTheLaunchDarklyEnvironmentAndAudits()
    {
        var page = await RenderPageAsync();

        page.Find("input[aria-label='LaunchDarkly environment for production']").Change("prod");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Save mapping").Click();

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            Assert.Equal("prod", (await db.Environments.SingleAsync()).LaunchDarklyEnvironmentKey);
        });
        await using var check = Database.CreateContext();
        Assert.Equal("environment.launchdarkly-mapped", (await check.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task SaveMapping_KeyWithSpaces_NamesTheFieldAndSavesNothing()
    {
        var page = await RenderPageAsync();

        page.Find("input[aria-label='LaunchDarkly environment for production']").Change("my prod");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Save mapping").Click();

        await using var db = Database.CreateContext();
        Assert.Null((await db.Environments.SingleAsync()).LaunchDarklyEnvironmentKey);
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }
}
