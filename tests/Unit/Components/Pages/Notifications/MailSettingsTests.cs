using Bunit;
using Dashboard.Components.Pages.Settings;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Pages.Notifications;

public sealed class MailSettingsTests : NotificationPageTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Authorization.SetRoles(DashboardRoles.Admin);
        Authorization.SetPolicies(DashboardPolicies.View, DashboardPolicies.Notify, DashboardPolicies.Administer);
        var templateId = await TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CampaignService>()
            .CreateAsync(new CampaignDraft(Plan.Id, templateId, "Announcement", new AudienceFilter()), "alice@example.com");
        await using var db = Database.CreateContext();
        var failed = await db.OutboxMessages.SingleAsync(m => m.ToAddress == "it@smith.example");
        (failed.Status, failed.Attempts, failed.LastError) = (OutboxStatus.Failed, 8, "550 5.1.1 mailbox unknown");
        await db.SaveChangesAsync();
    }

    [Fact]
    public void Times_AreInTheViewersZone_NamedOnceUnderTheTitle()
    {
        Services.GetRequiredService<Dashboard.Environments.ViewerClock>().Use("Europe/Berlin");
        var status = Services.GetRequiredService<MailTransportStatus>();
        status.Succeeded(new DateTime(2026, 3, 10, 11, 0, 0, DateTimeKind.Utc));
        status.Failed(new DateTime(2026, 3, 10, 11, 30, 0, DateTimeKind.Utc), "421 try later");

        var page = RenderWithMud<MailSettings>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=message-table] tbody tr td[data-label=To]").Count));
        Assert.Equal("Times in Europe/Berlin", page.Find("[data-testid=zone-note]").TextContent.Trim());
        Assert.Contains("Last delivery: 2026-03-10 12:00", page.Markup, StringComparison.Ordinal);
        Assert.Equal("2026-03-10 12:30: 421 try later", page.Find("[data-testid=mail-last-failure]").TextContent.Trim());
        // Queued at the test's now, 12:00 UTC.
        Assert.All(page.FindAll("[data-testid=message-table] tbody td[data-label=When]"), td => Assert.Equal("2026-03-10 13:00", td.TextContent.Trim()));
    }

    [Fact]
    public void Outbox_ListsEveryMessageWithItsStatusAndCountsThem()
    {
        var page = RenderWithMud<MailSettings>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=message-table] tbody tr td[data-label=To]").Count));
        Assert.Equal("Outbox: 2 pending · 0 sending · 0 sent · 1 failed · 0 suppressed · 0 cancelled", page.Find("[data-testid=outbox-counts]").TextContent.Trim());
        var failedRow = page.FindAll("[data-testid=message-table] tbody tr").Single(r => r.QuerySelector("td[data-label=To]")!.TextContent.Trim() == "it@smith.example");
        Assert.Equal("Failed", failedRow.QuerySelector("td[data-label=Status]")!.TextContent.Trim());
        Assert.Equal("8", failedRow.QuerySelector("td[data-label=Attempts]")!.TextContent.Trim());
        Assert.Equal("550 5.1.1 mailbox unknown", failedRow.QuerySelector("[data-testid=message-reply]")!.TextContent.Trim());
        Assert.Equal("Announcement", failedRow.QuerySelector("td[data-label=Campaign]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Outbox_FilteredByStatus_ShowsOnlyThoseMessages()
    {
        var page = RenderWithMud<MailSettings>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=message-table] tbody tr td[data-label=To]").Count));

        await SelectAsync<MailSettings, OutboxStatus?>(page, "message-status-filter", OutboxStatus.Failed);

        page.WaitForAssertion(() => Assert.Equal(
            ["it@smith.example"],
            page.FindAll("[data-testid=message-table] tbody tr td[data-label=To]").Select(td => td.TextContent.Trim())));
    }

    [Fact]
    public void TestEmail_GoesThroughThePickupTransportAndSaysWhereItWent()
    {
        var page = RenderWithMud<MailSettings>();
        var pickup = Services.GetRequiredService<MailTransportFactory>().PickupDirectory;
        Assert.Contains(pickup, page.Find("[data-testid=mail-transport]").TextContent, StringComparison.Ordinal);

        page.Find("input[data-testid=mail-test-to]").Change(" admin@example.com ");
        page.Find("[data-testid=mail-test-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("Sent to admin@example.com.", page.Find("[data-testid=mail-test-result]").TextContent.Trim()));
        var file = Assert.Single(Directory.GetFiles(pickup, "*.eml"));
        Assert.Contains("admin@example.com", File.ReadAllText(file), StringComparison.Ordinal);
    }
}
