using Bunit;
using Dashboard.Components.Pages.Notifications;
using Dashboard.Data.Entities;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Pages.Notifications;

public sealed class NewCampaignPageTests : NotificationPageTest
{
    private IRenderedComponent<NewCampaignPage> RenderAndPreview(string name = "Announce the v1 retirement")
    {
        var page = RenderWithMud<NewCampaignPage>();
        page.WaitForElement("input[data-testid=campaign-name]").Change(name);
        page.Find("[data-testid=campaign-preview]").Click();
        page.WaitForElement("[data-testid=campaign-recipient-count]");
        return page;
    }

    private async Task ClickDialogButtonAsync(string text)
    {
        Dialogs.WaitForElement(".mud-dialog");
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());
    }

    [Fact]
    public async Task Preview_ShowsCountAndSampleBeforeAnythingIsQueued()
    {
        var page = RenderAndPreview();

        Assert.Equal("3 recipients at 2 consumers", page.Find("[data-testid=campaign-recipient-count]").TextContent.Trim());
        var sample = page.FindAll("[data-testid=campaign-sample] tbody tr").Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Contains("Acme Corp | ops@acme.example | 1.2.0 | 300", sample);
        Assert.Contains("Smith & <Sons> | it@smith.example | 1.4.0 | 40", sample);
        Assert.DoesNotContain(sample, row => row.Contains("migrated", StringComparison.Ordinal));
        Assert.Equal("Send to 3 recipients", page.Find("[data-testid=campaign-confirm]").TextContent.Trim());
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Campaigns.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public void BusyIndicator_KeepsItsPlaceWhenIdle_SoThePreviewAndSendButtonDoNotMove()
    {
        var page = RenderAndPreview();

        // Present before and after the preview: removing it when loading ends shifted the Send button up under the pointer.
        var busy = page.Find("[data-testid=campaign-busy]");
        Assert.Contains("visibility:hidden", busy.GetAttribute("style"), StringComparison.Ordinal);
        Assert.True(busy.CompareDocumentPosition(page.Find("[data-testid=campaign-confirm]")).HasFlag(AngleSharp.Dom.DocumentPositions.Following));
    }

    [Fact]
    public async Task Confirm_AsksFirst_CancelQueuesNothing_SendCreatesOneOutboxRowPerRecipient()
    {
        var page = RenderAndPreview();

        page.Find("[data-testid=campaign-confirm]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Send 'Announce the v1 retirement' to 3 recipients now?", Dialogs.Markup, StringComparison.Ordinal));
        await ClickDialogButtonAsync("Cancel");
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
        }

        page.Find("[data-testid=campaign-confirm]").Click();
        await ClickDialogButtonAsync("Send");

        var navigation = Services.GetRequiredService<NavigationManager>();
        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var campaign = await db.Campaigns.SingleAsync();
            Assert.EndsWith($"notifications/campaigns/{campaign.Id}", new Uri(navigation.Uri).AbsolutePath, StringComparison.Ordinal);
        });
        await using var check = Database.CreateContext();
        var outbox = await check.OutboxMessages.OrderBy(m => m.ToAddress).ToListAsync();
        Assert.Equal(["dev@acme.example", "it@smith.example", "ops@acme.example"], outbox.Select(m => m.ToAddress));
        Assert.All(outbox, m => Assert.Equal((OutboxStatus.Pending, Plan.Id), (m.Status, m.PlanId)));
        Assert.Equal("Announce the v1 retirement", (await check.Campaigns.SingleAsync()).Name);
    }

    [Fact]
    public async Task BadAudienceVersion_NamesTheFieldAndShowsNoPreview()
    {
        var page = RenderWithMud<NewCampaignPage>();
        page.WaitForElement("input[data-testid=campaign-name]").Change("Filtered");
        page.FindAll("input").Single(i => i.Closest(".mud-input-control")!.TextContent.Contains("API version from", StringComparison.Ordinal)).Change("not-a-version");

        page.Find("[data-testid=campaign-preview]").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "not-a-version",
            page.FindAll(".mud-input-control").Single(c => c.TextContent.Contains("API version from", StringComparison.Ordinal)).TextContent,
            StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=campaign-recipient-count]"));
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Campaigns.CountAsync());
    }

    private async Task<DeprecationPlan> AddPlanAsync(PlanStatus status, string environmentKey = "production")
    {
        await using var db = Database.CreateContext();
        var environment = await db.Environments.SingleOrDefaultAsync(e => e.Key == environmentKey);
        if (environment is null)
        {
            environment = new DashboardEnvironment { Key = environmentKey, Name = environmentKey, CreatedAt = Time.GetUtcNow().UtcDateTime };
            db.Environments.Add(environment);
            await db.SaveChangesAsync();
        }

        var flag = await db.Flags.FirstAsync(f => f.Id == Plan.FlagId);
        var other = new DeprecationPlan
        {
            EnvironmentId = environment.Id, FlagId = flag.Id, Title = $"A {status} plan",
            AnnounceAt = Time.GetUtcNow().UtcDateTime.AddDays(20), DeprecationAt = Time.GetUtcNow().UtcDateTime.AddDays(40), SunsetAt = Time.GetUtcNow().UtcDateTime.AddDays(140),
            Status = status, CreatedAt = Time.GetUtcNow().UtcDateTime, UpdatedAt = Time.GetUtcNow().UtcDateTime,
        };
        db.DeprecationPlans.Add(other);
        await db.SaveChangesAsync();
        return other;
    }

    private IRenderedComponent<NewCampaignPage> RenderAt(string relativeUri)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUri);
        var page = RenderWithMud<NewCampaignPage>();
        page.WaitForElement("input[data-testid=campaign-name]");
        return page;
    }

    [Fact]
    public async Task DraftPlanInTheUrl_SaysWhyItCannotBeMailed_AndSelectsNoOtherPlan()
    {
        var draft = await AddPlanAsync(PlanStatus.Draft);

        var page = RenderAt($"notifications/campaigns/new?planId={draft.Id}");

        page.WaitForAssertion(() => Assert.Contains(
            "Plan 'A Draft plan' is a draft: it has not been announced, so it publishes no headers and consumers have been told nothing yet.",
            page.Find("[data-testid=campaign-plan-problem]").TextContent,
            StringComparison.Ordinal));
        Assert.Equal($"timelines/plans/{draft.Id}", page.Find("[data-testid=campaign-plan-fix]").GetAttribute("href"));
        Assert.Equal("Open the plan to announce it", page.Find("[data-testid=campaign-plan-fix]").TextContent.Trim());
        Assert.True(page.Find("[data-testid=campaign-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PlanOfAnotherEnvironmentInTheUrl_SaysSo_AndSelectsNoPlan()
    {
        var elsewhere = await AddPlanAsync(PlanStatus.Announced, "partner-api");

        var page = RenderAt($"notifications/campaigns/new?planId={elsewhere.Id}");

        page.WaitForAssertion(() => Assert.Contains($"Plan {elsewhere.Id} belongs to another environment", page.Find("[data-testid=campaign-plan-problem]").TextContent, StringComparison.Ordinal));
        Assert.True(page.Find("[data-testid=campaign-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public void UnknownPlanInTheUrl_SaysItDoesNotExist_AndSelectsNoPlan()
    {
        var page = RenderAt("notifications/campaigns/new?planId=999");

        page.WaitForAssertion(() => Assert.Equal("Plan 999 does not exist. Choose a plan below.", page.Find("[data-testid=campaign-plan-problem]").TextContent.Trim()));
        Assert.True(page.Find("[data-testid=campaign-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task SelectedConsumersInTheUrl_BecomeTheWholeAudience()
    {
        var page = RenderAt($"notifications/campaigns/new?planId={Plan.Id}&consumers=smith");
        Assert.Contains("Only 1 selected consumer(s): smith", page.Find("[data-testid=campaign-consumers]").TextContent, StringComparison.Ordinal);

        page.Find("input[data-testid=campaign-name]").Change("Only Smith");
        page.Find("[data-testid=campaign-preview]").Click();
        page.WaitForAssertion(() => Assert.Equal("1 recipients at 1 consumers", page.Find("[data-testid=campaign-recipient-count]").TextContent.Trim()));
        page.Find("[data-testid=campaign-confirm]").Click();
        await ClickDialogButtonAsync("Send");

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            Assert.Equal(["it@smith.example"], await db.OutboxMessages.Select(m => m.ToAddress).ToListAsync());
            Assert.Equal(["smith"], (await db.Campaigns.SingleAsync()).Audience.ConsumerKeys);
        });
    }
}
