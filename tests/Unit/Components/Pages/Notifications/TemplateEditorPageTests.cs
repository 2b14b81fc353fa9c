using AngleSharp.Dom;
using Bunit;
using Bunit.Extensions.WaitForHelpers;
using Dashboard.Components.Pages.Notifications;
using Dashboard.Notifications;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Components.Pages.Notifications;

public sealed class TemplateEditorPageTests : NotificationPageTest
{
    private async Task<IRenderedComponent<TemplateEditorPage>> RenderEditorAsync()
    {
        var id = await TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        var page = RenderWithMud<TemplateEditorPage>(p => p.Add(c => c.Id, id));
        page.WaitForElement("[data-testid=preview-subject]");
        return page;
    }

    /// <summary>
    /// Types into a field, then moves the fake clock (MudBlazor debounces on the app's TimeProvider) until
    /// <paramref name="applied"/> holds. The input handler may start its debounce timer only after <c>Input</c> returns, so
    /// one tick of the clock can come too early on a busy machine.
    /// </summary>
    private void Type(IRenderedComponent<TemplateEditorPage> page, string selector, string text, Action applied)
    {
        page.Find(selector).Input(text);
        for (var tick = 1; ; tick++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(500));
            try
            {
                page.WaitForAssertion(applied, TimeSpan.FromMilliseconds(250));
                return;
            }
            catch (WaitForFailedException) when (tick < 20)
            {
                // Not debounced yet: tick again.
            }
        }
    }

    private static IElement FieldControl(IRenderedComponent<TemplateEditorPage> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!;

    [Fact]
    public async Task LiquidSyntaxError_IsShownInlineWithLineAndColumn_AndSaveStoresNothing()
    {
        var page = await RenderEditorAsync();
        await using var before = Database.CreateContext();
        var original = await before.NotificationTemplates.AsNoTracking().SingleAsync(t => t.Key == DefaultTemplates.AnnouncementKey);

        Type(page, "textarea[data-testid=template-html]", "<p>Hello</p>\n<p>{{ consumer.name </p>",

            () => Assert.Matches(@"HtmlBody line 2, column \d+: ", FieldControl(page, "template-html").TextContent));
        Assert.Empty(page.FindAll("[data-testid=preview-html]"));
        Assert.DoesNotContain("line", FieldControl(page, "template-subject").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=template-save]").Click();

        page.WaitForAssertion(() => Assert.Matches(@"HtmlBody line 2, column \d+: ", page.Find("[data-testid=template-errors]").TextContent));
        await using var after = Database.CreateContext();
        Assert.Equal(original.HtmlBodyTemplate, (await after.NotificationTemplates.SingleAsync(t => t.Id == original.Id)).HtmlBodyTemplate);
        Assert.Equal(0, await after.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task PreviewForAChosenConsumer_UsesTheirDataAndEncodesItInHtml()
    {
        var page = await RenderEditorAsync();
        Type(page, "input[data-testid=template-subject]", "Action needed: {{ consumer.name }}",
            () => Assert.StartsWith("Action needed: ", page.Find("[data-testid=preview-subject]").TextContent.Trim(), StringComparison.Ordinal));
        Type(page, "textarea[data-testid=template-html]", "<p>{{ consumer.name }} uses {{ usage.legacy_versions | join: ', ' }}</p>",
            () => Assert.Contains(" uses ", page.Find("[data-testid=preview-html]").GetAttribute("srcdoc"), StringComparison.Ordinal));
        Type(page, "textarea[data-testid=template-text]", "{{ consumer.name }} until {{ plan.sunset_date | date: '%Y-%m-%d' }}",
            () => Assert.Contains(" until ", page.Find("[data-testid=preview-text]").TextContent, StringComparison.Ordinal));

        await SelectAsync(page, "preview-plan", Plan.Id);
        // Choosing a plan loads its affected consumers and previews the first; choose another once that is done.
        page.WaitForAssertion(() => Assert.Matches(@"To: \S+@acme\.example", page.Markup));
        await SelectAsync(page, "preview-consumer", Smith.Id);

        page.WaitForAssertion(() => Assert.Equal(
            "Action needed: Smith & <Sons> | <p>Smith &amp; &lt;Sons&gt; uses 1.4.0</p>",
            page.Find("[data-testid=preview-subject]").TextContent.Trim() + " | " + page.Find("[data-testid=preview-html]").GetAttribute("srcdoc")!.Split("</style>")[^1]));
        Assert.Equal("Smith & <Sons> until 2026-04-09", page.Find("[data-testid=preview-text]").TextContent);
        Assert.Contains("To: it@smith.example", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidEdit_IsSavedAndAudited()
    {
        var page = await RenderEditorAsync();
        await SelectAsync(page, "preview-plan", Plan.Id);
        Type(page, "input[data-testid=template-subject]", "{{ flag.key }} retires on {{ plan.sunset_date | date: '%Y-%m-%d' }}",
            () => Assert.Equal("use-new-format retires on 2026-04-09", page.Find("[data-testid=preview-subject]").TextContent.Trim()));

        page.Find("[data-testid=template-save]").Click();

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var stored = await db.NotificationTemplates.SingleAsync(t => t.Key == DefaultTemplates.AnnouncementKey);
            Assert.Equal("{{ flag.key }} retires on {{ plan.sunset_date | date: '%Y-%m-%d' }}", stored.SubjectTemplate);
        });
        await using var check = Database.CreateContext();
        Assert.Equal("notifier@example.com", (await check.AuditEntries.SingleAsync()).Actor);
    }

    [Fact]
    public async Task WithoutTheNotifierRole_TheTemplateIsReadOnly()
    {
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
        var id = await TemplateIdAsync(DefaultTemplates.AnnouncementKey);

        var page = RenderWithMud<TemplateEditorPage>(p => p.Add(c => c.Id, id));

        page.WaitForElement("[data-testid=preview-not-allowed]");
        Assert.Contains("changing them needs the Notifier role", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=template-save]"));
        Assert.Empty(page.FindAll("[data-testid=preview-subject]"));
        Assert.True(page.Find("input[data-testid=template-subject]").HasAttribute("readonly"));
    }

    [Fact]
    public async Task AViewerEditingTheFieldAnyway_GetsNoServerRenderAndNoSave()
    {
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
        var id = await TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        var page = RenderWithMud<TemplateEditorPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Contains("changing them needs the Notifier role", page.Markup, StringComparison.Ordinal));

        // The field is read-only in the browser, but a crafted circuit message still reaches the server's change handler.
        Type(page, "input[data-testid=template-subject]", "VIEWER-{{ 7 | plus: 1 }}",
            () => Assert.Contains("Previewing and changing templates needs the Notifier role", page.Find("[data-testid=template-errors]").TextContent, StringComparison.Ordinal));

        Assert.DoesNotContain("VIEWER-8", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=preview-subject]"));
        await using var db = Database.CreateContext();
        Assert.DoesNotContain("VIEWER", (await db.NotificationTemplates.SingleAsync(t => t.Id == id)).SubjectTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVariable_IsWarnedAboutWithTheNearestKnownVariable()
    {
        var page = await RenderEditorAsync();

        Type(page, "input[data-testid=template-subject]", "Hello {{ consumer.nmae }}",
            () => Assert.Contains("Unknown variable 'consumer.nmae' renders as nothing; did you mean 'consumer.name'?", page.Find("[data-testid=template-warnings]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Hello", page.Find("[data-testid=preview-subject]").TextContent.Trim());
    }

    [Fact]
    public async Task SaveAfterAFailedSave_ShowsOnlyTheLatestStatus()
    {
        var page = await RenderEditorAsync();
        Type(page, "input[data-testid=template-subject]", "{{ consumer.name",
            () => Assert.NotEmpty(page.FindAll("[data-testid=template-errors]")));
        page.Find("[data-testid=template-save]").Click();
        page.WaitForAssertion(() => Assert.Equal("Not saved: fix the errors shown.", page.Find("[data-testid=template-status]").TextContent));

        Type(page, "input[data-testid=template-subject]", "About {{ consumer.name }}",
            () => Assert.Empty(page.FindAll("[data-testid=template-errors]")));
        page.Find("[data-testid=template-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("Template saved.", page.Find("[data-testid=template-status]").TextContent));
        Assert.DoesNotContain("Not saved", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewForARealContact_HasNoWorkingUnsubscribeLinkAndNoClickableLinks()
    {
        var page = await RenderEditorAsync();

        await SelectAsync(page, "preview-plan", Plan.Id);

        page.WaitForAssertion(() => Assert.Matches(@"To: \S+@acme\.example", page.Markup));
        var html = page.Find("[data-testid=preview-html]").GetAttribute("srcdoc")!;
        Assert.StartsWith("<style>a{pointer-events:none;cursor:default}</style>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{TemplateModelFactory.PreviewUnsubscribeUrl}\"", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("/unsubscribe/").Length - 1);
        Assert.Contains(TemplateModelFactory.PreviewUnsubscribeUrl, page.Find("[data-testid=preview-text]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainTextPreview_WrapsLongUrlsInsteadOfWideningThePage()
    {
        var page = await RenderEditorAsync();

        var style = page.Find("[data-testid=preview-text]").GetAttribute("style");

        Assert.Contains("white-space:pre-wrap", style, StringComparison.Ordinal);
        Assert.Contains("overflow-wrap:anywhere", style, StringComparison.Ordinal);
    }
}
