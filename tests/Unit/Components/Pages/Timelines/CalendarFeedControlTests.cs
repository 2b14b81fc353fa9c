using System.Security.Claims;
using Bunit;
using Dashboard.Components.Pages.Timelines;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Components.Pages.Timelines;

public sealed class CalendarFeedControlTests : SundialComponentTest
{
    [Fact]
    public async Task Create_ShowsTheSecretUrlOnce_RevokeAsksThenRemovesIt()
    {
        await using (var db = Database.CreateContext())
        {
            db.Users.Add(new DashboardUser { Id = "user-ada", UserName = "ada@example.com", Email = "ada@example.com" });
            await db.SaveChangesAsync();
        }

        SignInAs("ada@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-ada"));
        var control = RenderWithMud<CalendarFeedControl>(p => p.Add(c => c.EnvironmentKey, "production"));
        control.Find(".mud-expand-panel-header").Click();
        control.WaitForAssertion(() => Assert.Equal("You have no feed URL.", control.Find("[data-testid=calendar-feed-status]").TextContent.Trim()));

        control.Find("[data-testid=calendar-feed-create]").Click();

        var url = control.WaitForElement("input[data-testid=calendar-feed-url]").GetAttribute("value");
        Assert.Matches(@"/feeds/calendar/sdl_[\w-]+\.ics\?environment=production$", url);
        Assert.NotEmpty(control.FindAll("[data-testid=calendar-feed-copy]"));

        control.Find("[data-testid=calendar-feed-revoke]").Click();
        Dialogs.WaitForElement(".mud-dialog");
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").ClickAsync(new());

        control.WaitForAssertion(() => Assert.Equal("You have no feed URL.", control.Find("[data-testid=calendar-feed-status]").TextContent.Trim()));
        Assert.Empty(control.FindAll("input[data-testid=calendar-feed-url]"));
        await using var check = Database.CreateContext();
        Assert.Equal(["calendar-feed.create", "calendar-feed.revoke"], await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }
}
