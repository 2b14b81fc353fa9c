using Bunit;
using Dashboard.Components.Pages.Timelines;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Tests.Unit.Ingest;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Unit.Components.Pages.Timelines;

public sealed class PlanEditorPageTests : SundialComponentTest
{
    private IRenderedComponent<PlanEditorPage> Page { get; set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        data.Flag(production, "use-new-format", legacyVariations: [0]);
        await data.SaveAsync(Database.Factory);
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        Page = RenderWithMud<PlanEditorPage>();
        Page.WaitForElement("[data-testid=plan-form]");
    }

    /// <summary>Fills the form as a person would; dates are the browser's datetime-local values in the viewer's zone (UTC here).</summary>
    private void Fill(string title, string deprecation, string sunset)
    {
        Page.Find("input[data-testid=plan-title]").Change(title);
        Page.Find("input[data-testid=plan-deprecation]").Change(deprecation);
        Page.Find("input[data-testid=plan-sunset]").Change(sunset);
    }

    private string FieldText(string testId) => Page.Find($"input[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    private async Task AssertNothingStoredAsync()
    {
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.DeprecationPlans.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task SunsetBeforeDeprecation_IsRefusedOnTheSunsetField()
    {
        Fill("Retire v1", "2026-06-01T09:00", "2026-05-01T09:00");

        Page.Find("[data-testid=plan-form]").Submit();

        Page.WaitForElement("[data-testid=plan-form-errors]");
        Assert.Contains("The sunset must not be before the deprecation (RFC 9745).", FieldText("plan-sunset"), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task DeprecationInThePast_IsRefusedOnTheDeprecationField()
    {
        Fill("Retire v1", "2026-01-15T09:00", "2026-12-01T09:00");

        Page.Find("[data-testid=plan-form]").Submit();

        Page.WaitForAssertion(() => Assert.Contains("The deprecation date lies in the past; choose a date from now on.", FieldText("plan-deprecation"), StringComparison.Ordinal));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task MissingTitle_IsRefusedOnTheTitleField()
    {
        Fill("", "2026-06-01T09:00", "2026-12-01T09:00");

        Page.Find("[data-testid=plan-form]").Submit();

        Page.WaitForAssertion(() => Assert.Contains("Give the plan a title", FieldText("plan-title"), StringComparison.Ordinal));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task RetiredVariations_AreTheFlagsLegacyMarks_ShownReadOnlyWithALinkToChangeThem()
    {
        int flagId;
        await using (var db = Database.CreateContext())
        {
            flagId = await db.Flags.Select(f => f.Id).SingleAsync();
        }

        var retired = Page.Find("[data-testid=plan-retired-variations]");

        Assert.Equal("0: v0 (\"v0\")", retired.QuerySelector("[data-testid=plan-variation-0]")!.TextContent.Trim());
        Assert.Null(retired.QuerySelector("[data-testid=plan-variation-1]"));
        Assert.Empty(retired.QuerySelectorAll("input"));
        Assert.EndsWith($"flags/{flagId}", retired.QuerySelector("[data-testid=plan-flag-link]")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveWhileTheDatabaseIsLocked_SaysItIsBusy_AndKeepsTheForm()
    {
        Fill("Retire v1", "2026-06-01T09:00", "2026-12-01T09:00");

        await using (await SqliteWriteLock.OnFileAsync(Database.FilePath))
        {
            Page.Find("[data-testid=plan-form]").Submit();

            Page.WaitForAssertion(
                () => Assert.Contains("The database is busy or unavailable, try again in a moment.", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message)),
                TimeSpan.FromSeconds(30));
        }

        Assert.Equal("Retire v1", Page.Find("input[data-testid=plan-title]").GetAttribute("value"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ShortNotice_IsSavedButWarned()
    {
        // Announced when saved (no announcement date), sunset 30 days later: less than the default 90 days of notice.
        Fill("Retire v1 quickly", "2026-03-20T09:00", "2026-04-09T12:00");

        Page.Find("[data-testid=plan-form]").Submit();

        await Page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var plan = await db.DeprecationPlans.SingleAsync();
            Assert.Equal(("Retire v1 quickly", new DateTime(2026, 4, 9, 12, 0, 0, DateTimeKind.Utc)), (plan.Title, plan.SunsetAt));
        });
        var snackbars = Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();
        Assert.Contains(snackbars, m => m.StartsWith("Consumers get ", StringComparison.Ordinal) && m.EndsWith("less than the recommended 90.", StringComparison.Ordinal));
        await using var check = Database.CreateContext();
        var id = (await check.DeprecationPlans.SingleAsync()).Id;
        Assert.EndsWith($"timelines/plans/{id}", new Uri(Services.GetRequiredService<NavigationManager>().Uri).AbsolutePath, StringComparison.Ordinal);
    }
}
