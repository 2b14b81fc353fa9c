using Bunit;
using Dashboard.Components.Layout;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Components.Layout;

public sealed class MainLayoutTests : SundialComponentTest
{
    [Fact]
    public void Layout_ShowsTheSixMainSectionsInTheNavigation()
    {
        Authorization.SetAuthorized("ada@example.com");

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
    public void Layout_OffersLabelledDrawerAndThemeToggles()
    {
        Authorization.SetAuthorized("ada@example.com");

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page</p>"));

        Assert.NotNull(layout.Find("button[aria-label='Toggle dark theme']"));
        Assert.NotNull(layout.Find("button[aria-label='Toggle navigation']"));
    }
}
