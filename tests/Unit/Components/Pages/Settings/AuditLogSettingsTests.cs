using Bunit;
using Dashboard.Auditing;
using Dashboard.Components.Pages.Settings;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Pages.Settings;

public sealed class AuditLogSettingsTests : SundialComponentTest
{
    [Fact]
    public async Task Change_ShowsEachChangedFieldBeforeAndAfter_WithHtmlAsTextNotEscapes()
    {
        await using (var db = Database.CreateContext())
        {
            Services.GetRequiredService<AuditLog>().Record(db, "alice@example.com", "template.updated", "NotificationTemplate", "1", "Updated the announcement",
                before: new { Subject = "Heads up", Body = "<p>We retire v1.</p>" },
                after: new { Subject = "Heads up", Body = "<p>We retire v1 on 1 May.</p>" });
            await db.SaveChangesAsync();
        }

        SignInAs("admin@example.com", DashboardRoles.Admin, DashboardPolicies.Administer);
        var page = RenderWithMud<AuditLogSettings>();

        var field = page.WaitForElement("[data-testid=audit-change-field]");
        Assert.Equal("body", field.GetAttribute("data-field"));
        Assert.Equal("<p>We retire v1.</p> → <p>We retire v1 on 1 May.</p>", string.Join(" ", field.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Single(page.FindAll("[data-testid=audit-change-field]"));
        Assert.DoesNotContain("\\u003C", page.Markup, StringComparison.Ordinal);
        Assert.Empty(field.QuerySelectorAll("p"));
    }

    [Fact]
    public async Task Change_StoredTimes_AreShownInTheViewersZone()
    {
        await using (var db = Database.CreateContext())
        {
            Services.GetRequiredService<AuditLog>().Record(db, "alice@example.com", "plan.extension-granted", "DeprecationPlan", "1", "acme gets more time",
                after: new { SunsetAt = new DateTime(2027, 1, 14, 12, 0, 0, DateTimeKind.Utc), Consumer = "acme" });
            await db.SaveChangesAsync();
        }

        Services.GetRequiredService<Dashboard.Environments.ViewerClock>().Use("Europe/Berlin");
        SignInAs("admin@example.com", DashboardRoles.Admin, DashboardPolicies.Administer);
        var page = RenderWithMud<AuditLogSettings>();

        var sunset = page.WaitForElement("[data-testid=audit-change-field][data-field=sunsetAt]");
        Assert.Equal("(none) → 2027-01-14 13:00", string.Join(" ", sunset.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("Times in Europe/Berlin", page.Find("[data-testid=zone-note]").TextContent.Trim());
    }
}
