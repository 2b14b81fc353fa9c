using Bunit;
using Dashboard.Components.Pages.Timelines;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Dashboard.Tests.Unit.Components.Pages.Timelines;

/// <summary>The plan page's actions: announce a draft, act on affected consumers, grant extensions.</summary>
public sealed class PlanDetailPageTests : SundialComponentTest
{
    private DeprecationPlan plan = default!;

    private async Task SeedAsync(PlanStatus status, DateTime? announceAt)
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-format", legacyVariations: [0]);
        var acme = data.Consumer(production, "acme");
        acme.DisplayName = "Acme Corp";
        var smith = data.Consumer(production, "smith");
        smith.DisplayName = "Smith Ltd";
        data.Rollup(flag, acme, variation: 0, count: 300, age: TimeSpan.FromHours(2), apiVersion: "1.2.0")
            .Rollup(flag, smith, variation: 0, count: 40, age: TimeSpan.FromHours(5), apiVersion: "1.4.0");
        plan = data.Plan(flag, "Retire the v1 format", deprecationInDays: 100, sunsetInDays: 200, status: status);
        plan.AnnounceAt = announceAt;
        await data.SaveAsync(Database.Factory);
    }

    private IRenderedComponent<PlanDetailPage> Render()
    {
        var page = RenderWithMud<PlanDetailPage>(p => p.Add(x => x.Id, plan.Id));
        page.WaitForElement("[data-testid=affected-table]");
        return page;
    }

    private async Task ClickDialogButtonAsync(string text)
    {
        Dialogs.WaitForElement(".mud-dialog");
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());
    }

    [Fact]
    public async Task Draft_ExplainsItPublishesNothing_AndAnnounceNowAnnouncesItAfterConfirming()
    {
        await SeedAsync(PlanStatus.Draft, Time.GetUtcNow().UtcDateTime.AddDays(30));
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        var page = Render();

        var note = page.Find("[data-testid=plan-draft-note]").TextContent;
        Assert.Contains("no Deprecation or Sunset headers", note, StringComparison.Ordinal);
        Assert.Contains("It is announced automatically on 2026-04-09", note, StringComparison.Ordinal);
        page.Find("[data-testid=plan-announce-now]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("The status becomes Announced", Dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Contains("Providers start sending Deprecation and Sunset headers to consumers in the plan's scope (2 consumer(s)", Dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        await ClickDialogButtonAsync("Announce now");

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var stored = await db.DeprecationPlans.SingleAsync();
            Assert.Equal((PlanStatus.Announced, (DateTime?)Time.GetUtcNow().UtcDateTime), (stored.Status, stored.AnnounceAt));
        });
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=plan-draft-note]")));
        await using var check = Database.CreateContext();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == PlanAuditActions.StatusChanged && a.Actor == "editor@example.com"));
    }

    [Fact]
    public async Task Draft_CancellingTheConfirmation_LeavesItADraft()
    {
        await SeedAsync(PlanStatus.Draft, null);
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        var page = Render();
        Assert.Contains("no announcement date, so it starts at its deprecation on 2026-06-18", page.Find("[data-testid=plan-draft-note]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=plan-announce-now]").Click();
        await ClickDialogButtonAsync("Not yet");

        await using var db = Database.CreateContext();
        Assert.Equal(PlanStatus.Draft, (await db.DeprecationPlans.SingleAsync()).Status);
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Viewer_SeesTheDraftNoteButNoAnnounceOrEditActions()
    {
        await SeedAsync(PlanStatus.Draft, Time.GetUtcNow().UtcDateTime.AddDays(30));
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
        var page = Render();

        Assert.NotNull(page.Find("[data-testid=plan-draft-note]"));
        Assert.Empty(page.FindAll("[data-testid=plan-announce-now]"));
        Assert.Empty(page.FindAll("[data-testid=plan-edit]"));
        Assert.Empty(page.FindAll("[data-testid=extension-form]"));
    }

    [Fact]
    public async Task Draft_OffersNoEmailButton_ItHasToldNobodyYet()
    {
        await SeedAsync(PlanStatus.Draft, Time.GetUtcNow().UtcDateTime.AddDays(30));
        SignInAs("admin@example.com", DashboardRoles.Admin, DashboardPolicies.View, DashboardPolicies.Edit, DashboardPolicies.Notify);
        var page = Render();

        Assert.Empty(page.FindAll("[data-testid=plan-email]"));
        Assert.Empty(page.FindAll("[data-testid=affected-email-selected]"));
    }

    [Fact]
    public async Task SelectedRows_EmailSelectedOpensACampaignForOnlyThem()
    {
        await SeedAsync(PlanStatus.Announced, Time.GetUtcNow().UtcDateTime.AddDays(-1));
        SignInAs("admin@example.com", DashboardRoles.Admin, DashboardPolicies.View, DashboardPolicies.Edit, DashboardPolicies.Notify);
        var page = Render();
        Assert.Equal($"notifications/campaigns/new?planId={plan.Id}", page.Find("[data-testid=plan-email]").GetAttribute("href"));

        var smithRow = page.FindAll("[data-testid=affected-table] tbody tr").Single(r => r.TextContent.Contains("(smith)", StringComparison.Ordinal));
        smithRow.QuerySelector("input[type=checkbox]")!.Change(true);

        page.WaitForAssertion(() => Assert.Equal(
            $"notifications/campaigns/new?planId={plan.Id}&consumers=smith",
            page.Find("[data-testid=affected-email-selected]").GetAttribute("href")));
        Assert.Contains("Email selected (1)", page.Find("[data-testid=affected-email-selected]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowAction_GrantsAnExtensionToThatConsumer_WithoutTypingItsKey()
    {
        await SeedAsync(PlanStatus.Announced, Time.GetUtcNow().UtcDateTime.AddDays(-1));
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        var page = Render();

        var smithRow = page.FindAll("[data-testid=affected-table] tbody tr").Single(r => r.TextContent.Contains("(smith)", StringComparison.Ordinal));
        smithRow.QuerySelector("[data-testid=affected-actions] button")!.Click();
        Popovers.WaitForElement("[data-testid=affected-extend]").Click();
        page.WaitForElement("[data-testid=extension-form]");
        Assert.Equal("Smith Ltd (smith)", page.Find("[data-testid=extension-consumer] input, input[data-testid=extension-consumer]").GetAttribute("value"));
        page.Find("input[data-testid=extension-sunset]").Change("2026-12-01T09:00");
        page.Find("input[data-testid=extension-reason]").Change("Release freeze");
        page.Find("[data-testid=extension-form]").Submit();

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var extension = await db.ConsumerExtensions.Include(e => e.Consumer).SingleAsync();
            Assert.Equal(("smith", "Release freeze"), (extension.Consumer!.Key, extension.Reason));
        });
    }

    [Fact]
    public async Task ExtensionPicker_SearchesTheAffectedConsumersByName()
    {
        await SeedAsync(PlanStatus.Announced, Time.GetUtcNow().UtcDateTime.AddDays(-1));
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        var page = Render();
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Extensions", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<AffectedConsumer>>()));
        var picker = page.FindComponent<MudAutocomplete<AffectedConsumer>>();
        var search = picker.Instance.SearchFunc ?? throw new InvalidOperationException("The consumer picker has no search.");
        var searching = search("acme corp", CancellationToken.None);
        Assert.NotNull(searching);
        var found = await searching;

        Assert.Equal(["acme"], found!.Select(c => c?.Key));
    }
}
