using Bunit;
using Dashboard.Components.Pages.Notifications;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Pages.Notifications;

public sealed class CampaignPageTests : NotificationPageTest
{
    private async Task<int> CreateCampaignAsync()
    {
        var templateId = await TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignService>()
            .CreateAsync(new CampaignDraft(Plan.Id, templateId, "Announcement", new AudienceFilter()), "alice@example.com");
    }

    /// <summary>What the outbox dispatcher would have done: one message delivered, one refused by the server.</summary>
    private async Task DeliverAsync(string sentTo, string failedTo)
    {
        await using var db = Database.CreateContext();
        var sent = await db.OutboxMessages.SingleAsync(m => m.ToAddress == sentTo);
        (sent.Status, sent.Attempts, sent.SentAt) = (OutboxStatus.Sent, 1, Time.GetUtcNow().UtcDateTime);
        var failed = await db.OutboxMessages.SingleAsync(m => m.ToAddress == failedTo);
        (failed.Status, failed.Attempts, failed.LastError) = (OutboxStatus.Failed, 5, "550 5.1.1 mailbox unknown");
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ShowsStatusCountsAndEachMessage()
    {
        var id = await CreateCampaignAsync();
        await DeliverAsync(sentTo: "ops@acme.example", failedTo: "it@smith.example");

        var page = RenderWithMud<CampaignPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal("1 sent · 1 failed · 1 pending · 0 sending · 0 excluded · 0 cancelled (of 3)", page.Find("[data-testid=campaign-counts]").TextContent.Trim()));
        Assert.Equal("Sending", page.Find("[data-testid=campaign-status]").TextContent.Trim());
        Assert.Equal("Retry failed (1)", page.Find("[data-testid=campaign-retry]").TextContent.Trim());
        var reply = page.WaitForElement("[data-testid=message-table] tbody tr td[data-label=To]");
        var failedRow = page.FindAll("[data-testid=message-table] tbody tr").Single(r => r.QuerySelector("td[data-label=To]")!.TextContent.Trim() == "it@smith.example");
        Assert.Equal("550 5.1.1 mailbox unknown", failedRow.QuerySelector("[data-testid=message-reply]")!.TextContent.Trim());
        Assert.NotNull(reply);
    }

    [Fact]
    public async Task WhileSending_ProgressRefreshesWithoutAReload()
    {
        var id = await CreateCampaignAsync();
        var page = RenderWithMud<CampaignPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.StartsWith("0 sent · 0 failed · 3 pending", page.Find("[data-testid=campaign-counts]").TextContent.Trim(), StringComparison.Ordinal));

        await DeliverAsync(sentTo: "ops@acme.example", failedTo: "it@smith.example");
        // The poll follows the app's clock: wall-clock time alone changes nothing…
        Thread.Sleep(TimeSpan.FromMilliseconds(2500));
        Assert.StartsWith("0 sent · 0 failed · 3 pending", page.Find("[data-testid=campaign-counts]").TextContent.Trim(), StringComparison.Ordinal);

        // …and its next two seconds bring the dispatcher's progress onto the page.
        Time.Advance(TimeSpan.FromSeconds(2));
        page.WaitForAssertion(() => Assert.StartsWith("1 sent · 1 failed · 1 pending", page.Find("[data-testid=campaign-counts]").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelTheRest_AsksFirstThenCancelsOnlyWhatIsStillPending()
    {
        var id = await CreateCampaignAsync();
        await DeliverAsync(sentTo: "ops@acme.example", failedTo: "it@smith.example");
        var page = RenderWithMud<CampaignPage>(p => p.Add(c => c.Id, id));

        page.WaitForElement("[data-testid=campaign-cancel]").Click();
        Dialogs.WaitForElement(".mud-dialog");
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending));
        }

        Assert.Contains("Stop the 1 messages that have not been sent yet?", Dialogs.Markup, StringComparison.Ordinal);
        var confirm = Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel the rest");
        await confirm.ClickAsync(new());

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var statuses = await db.OutboxMessages.OrderBy(m => m.ToAddress).Select(m => m.Status).ToListAsync();
            Assert.Equal([OutboxStatus.Cancelled, OutboxStatus.Failed, OutboxStatus.Sent], statuses);
        });
        page.WaitForAssertion(() => Assert.StartsWith("1 sent · 1 failed · 0 pending", page.Find("[data-testid=campaign-counts]").TextContent.Trim(), StringComparison.Ordinal));
    }
}
