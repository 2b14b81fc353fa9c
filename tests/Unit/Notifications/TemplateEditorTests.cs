using Dashboard.Notifications;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class TemplateEditorTests
{
    private static readonly TemplateSource Probe = new("VIEWER-{{ 7 | plus: 1 }}", "<p>{{ consumer.name }}</p>", "{{ consumer.name }}");

    [Theory]
    [InlineData(DashboardRoles.Viewer)]
    [InlineData(DashboardRoles.Editor)]
    public async Task Save_WithoutTheNotifyPolicy_IsRefusedAndStoresNothing(string role)
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var id = await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        host.SignInAs("someone@example.com", role);

        var errors = await host.Get<TemplateEditor>().SaveAsync(id, "Renamed", Probe);

        Assert.Equal("Previewing and changing templates needs the Notifier role.", Assert.Single(errors).Message);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        var stored = await db.NotificationTemplates.SingleAsync(t => t.Id == id);
        Assert.Equal(("Announcement", false), (stored.Name, stored.SubjectTemplate.Contains("VIEWER", StringComparison.Ordinal)));
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [InlineData(DashboardRoles.Viewer)]
    [InlineData(DashboardRoles.Editor)]
    public async Task Preview_WithoutTheNotifyPolicy_RendersNothing(string role)
    {
        await using var host = await NotificationTestHost.CreateAsync();
        host.SignInAs("someone@example.com", role);

        var preview = await host.Get<TemplateEditor>().PreviewAsync(Probe);

        Assert.Null(preview.Message);
        Assert.Equal("Previewing and changing templates needs the Notifier role.", Assert.Single(preview.Errors).Message);
    }

    [Theory]
    [InlineData(DashboardRoles.Notifier)]
    [InlineData(DashboardRoles.Admin)]
    public async Task PreviewAndSave_WithTheNotifyPolicy_RenderAndStoreUnderTheirName(string role)
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var id = await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        host.SignInAs("notifier@example.com", role);
        var editor = host.Get<TemplateEditor>();

        var preview = await editor.PreviewAsync(Probe);
        var errors = await editor.SaveAsync(id, "Announcement", Probe);

        Assert.Equal("VIEWER-8", preview.Message?.Subject);
        Assert.Empty(errors);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal("VIEWER-{{ 7 | plus: 1 }}", (await db.NotificationTemplates.SingleAsync(t => t.Id == id)).SubjectTemplate);
        Assert.Equal("notifier@example.com", (await db.AuditEntries.SingleAsync()).Actor);
    }

    [Fact]
    public async Task SaveAndPreview_TemplateOverAnyBound_AreRefusedNamingTheBoundAndStoreNothing()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var id = await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        var editor = host.Get<TemplateEditor>();
        var range = Probe with { HtmlBody = "{% for i in (1..100000000) %}x{% endfor %}" };
        var doubling = Probe with { TextBody = "{% assign s = 'xxxxxxxx' %}{% for i in (1..26) %}{% assign s = s | append: s %}{% endfor %}{{ s }}" };

        Assert.Contains("A range or list may have at most 10,000 items", Assert.Single(await editor.SaveAsync(id, "Announcement", range)).Message, StringComparison.Ordinal);
        Assert.Contains("A range or list may have at most 10,000 items", Assert.Single((await editor.PreviewAsync(range)).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("more than 256 KB", Assert.Single(await editor.SaveAsync(id, "Announcement", doubling)).Message, StringComparison.Ordinal);
        Assert.Contains("more than 256 KB", Assert.Single((await editor.PreviewAsync(doubling)).Errors).Message, StringComparison.Ordinal);

        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task PreviewForAConsumerWithoutContacts_SaysSoAboutThePreview_NotAboutATemplateField()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        var consumer = await host.AddConsumerAsync(plan, "no-contacts", variation: 0, hoursAgo: 2);

        var preview = await host.Get<TemplateEditor>().PreviewAsync(Probe, plan.PlanId, consumer);

        Assert.Empty(preview.Errors);
        Assert.Equal("That consumer is no longer affected by the plan or has no contact with a valid address.", preview.Notice);
    }
}
