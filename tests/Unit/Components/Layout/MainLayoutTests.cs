using Bunit;
using Dashboard.Components.Layout;
using Dashboard.Environments;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Layout;

public sealed class MainLayoutTests : SundialComponentTest
{
    [Fact]
    public void Layout_ShowsTheSixMainSectionsInTheNavigation_ToAnAdmin()
    {
        SignInAs("ada@example.com", DashboardRoles.Admin, DashboardPolicies.View, DashboardPolicies.Edit, DashboardPolicies.Notify, DashboardPolicies.Administer);

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p id=\"page-body\">Page</p>"));

        var links = layout.FindAll("nav a, .mud-navmenu a")
            .Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href")))
            .Distinct()
            .ToList();
        Assert.Equal(
            [("Overview", ""), ("Flags", "flags"), ("Consumers", "consumers"), ("Timelines", "timelines"), ("Notifications", "notifications"), ("Settings", "settings")],
            links);
        Assert.NotNull(layout.Find("#page-body"));
    }

    [Fact]
    public void Viewer_DoesNotSeeSettings_WhoseSectionsAllNeedTheAdminRole()
    {
        SignInAs("vic@example.com", DashboardRoles.Viewer, DashboardPolicies.View);

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page</p>"));

        var links = layout.FindAll(".mud-navmenu a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("Flags", links);
        Assert.DoesNotContain("Settings", links);
    }

    [Fact]
    public async Task NavigationLinks_CarryTheSelectedEnvironment()
    {
        await SeedEnvironmentAsync("production");
        SignInAs("ada@example.com", DashboardRoles.Admin, DashboardPolicies.View, DashboardPolicies.Administer);

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page</p>"));

        layout.WaitForAssertion(() => Assert.Equal("flags?env=production", layout.Find(".mud-navmenu a[href^='flags']").GetAttribute("href")));
        Assert.Contains("Production", layout.Find("[data-testid=environment-name]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RenamingTheSelectedEnvironment_ShowsTheNewNameInTheHeader_AtOnce()
    {
        var production = await SeedEnvironmentAsync("production");
        SignInAs("ada@example.com", DashboardRoles.Admin, DashboardPolicies.View, DashboardPolicies.Administer);
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page</p>"));
        layout.WaitForAssertion(() => Assert.Equal(production.Name, layout.Find("[data-testid=environment-name]").TextContent.Trim()));

        // What Settings → Environments does on a rename: store it, then reload the circuit's environment list.
        Assert.True((await Services.GetRequiredService<EnvironmentAdministration>().RenameAsync("ada@example.com", production.Id, "Live")).IsEmpty);
        await layout.InvokeAsync(() => Services.GetRequiredService<EnvironmentSelection>().ReloadAsync());

        layout.WaitForAssertion(() => Assert.Equal("Live", layout.Find("[data-testid=environment-name]").TextContent.Trim()));
    }

    [Fact]
    public void Layout_OffersLabelledDrawerAndThemeToggles()
    {
        Authorization.SetAuthorized("ada@example.com");

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page</p>"));

        Assert.NotNull(layout.Find("button[aria-label='Toggle dark theme']"));
        Assert.NotNull(layout.Find("button[aria-label='Toggle navigation']"));
    }
}
