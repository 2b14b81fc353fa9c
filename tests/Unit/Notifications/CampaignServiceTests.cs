using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class CampaignServiceTests
{
    [Fact]
    public async Task Create_SendNow_QueuesOneRenderedMessagePerRecipientWithDeterministicMessageId()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, "ops@acme.example", "dev@acme.example");
        await host.AddConsumerAsync(plan, "globex", 0, 3, "1.4.0", null, "it@globex.example");
        var templateId = await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey);

        var campaignId = await host.Get<CampaignService>().CreateAsync(new CampaignDraft(plan.PlanId, templateId, "Announcement", new AudienceFilter()), "alice");

        var outbox = await host.OutboxAsync();
        Assert.Equal(3, outbox.Count);
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Pending, m.Status));
        var acme = outbox.Single(m => m.ToAddress == "ops@acme.example");
        Assert.Equal($"campaign-{campaignId}.contact-{acme.ContactId}@sundial.local", acme.MessageId);
        Assert.Contains("ACME", acme.TextBody, StringComparison.Ordinal);
        Assert.Contains("1.2.0", acme.TextBody, StringComparison.Ordinal);
        Assert.Contains("30 days from now", acme.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost:5080/unsubscribe/", acme.UnsubscribeUrl, StringComparison.Ordinal);
        var progress = await host.Get<NotificationQueries>().GetCampaignAsync(campaignId);
        Assert.Equal((CampaignStatus.Sending, 3, 3), (progress!.Status, progress.Total, progress.Pending));
    }

    [Fact]
    public async Task Create_InvalidDraft_StoresNothingAndNamesEachField()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, "ops@acme.example");

        var exception = await Assert.ThrowsAsync<FieldErrorsException>(() => host.Get<CampaignService>().CreateAsync(
            new CampaignDraft(plan.PlanId, 9999, " ", new AudienceFilter { ApiVersionFrom = "not-a-version" }, ScheduledAt: host.Now.AddMinutes(-1)), "alice"));

        Assert.Equal(["audience.apiVersionFrom", "name", "scheduledAt", "templateId"], exception.Errors.Keys.Order(StringComparer.Ordinal));
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.Campaigns.CountAsync());
        Assert.Empty(await host.OutboxAsync());
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task Create_HostileName_NamesTheFieldAndStoresNothing(HostileString hostile)
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        var templateId = await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey);

        var exception = await Assert.ThrowsAsync<FieldErrorsException>(() => host.Get<CampaignService>().CreateAsync(
            new CampaignDraft(plan.PlanId, templateId, hostile.Value, new AudienceFilter()), "alice"));

        Assert.Equal(["name"], exception.Errors.Keys);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.Campaigns.CountAsync());
    }

    [Fact]
    public async Task Create_Scheduled_QueuesNothingUntilDueThenUsesTheAudienceOfThatMoment()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, "ops@acme.example");
        var templateId = await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey);
        var campaigns = host.Get<CampaignService>();
        var campaignId = await campaigns.CreateAsync(new CampaignDraft(plan.PlanId, templateId, "Later", new AudienceFilter(), ScheduledAt: host.Now.AddHours(2)), "alice");
        Assert.False(await campaigns.StartScheduledAsync(campaignId));
        await host.AddConsumerAsync(plan, "joined-later", 0, 0, "1.0.0", null, "new@later.example");

        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await campaigns.StartScheduledAsync(campaignId));

        Assert.Equal(["new@later.example", "ops@acme.example"], (await host.OutboxAsync()).Select(m => m.ToAddress).Order());
        Assert.False(await campaigns.StartScheduledAsync(campaignId));
        Assert.Equal(2, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task Cancel_StopsPendingMessagesAndRetry_RequeuesFailedOnes()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, "a@acme.example", "b@acme.example", "c@acme.example");
        var campaigns = host.Get<CampaignService>();
        var campaignId = await campaigns.CreateAsync(new CampaignDraft(plan.PlanId, await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey), "C", new AudienceFilter()), "alice");
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            await db.OutboxMessages.Where(m => m.ToAddress == "a@acme.example").ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.Attempts, 1));
        }

        Assert.Equal(1, await campaigns.RetryFailedAsync(campaignId, "alice"));
        Assert.Equal(3, await campaigns.CancelAsync(campaignId, "alice"));

        Assert.All(await host.OutboxAsync(), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.Equal(CampaignStatus.Cancelled, (await host.Get<NotificationQueries>().GetCampaignAsync(campaignId))!.Status);
    }

    [Fact]
    public async Task Create_StoredTemplateOverTheOutputBound_IsRefusedAndStoresNoCampaignAndNoMessages()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, "ops@acme.example", "dev@acme.example");
        // Stored directly, as a template saved before output was bounded would be: 18 doublings make 4 MiB per message.
        var templateId = await StoreTemplateAsync(host, "{% assign s = 'xxxxxxxx' %}{% for i in (1..18) %}{% assign s = s | append: s %}{% endfor %}{{ s }}");

        var exception = await Assert.ThrowsAsync<FieldErrorsException>(() =>
            host.Get<CampaignService>().CreateAsync(new CampaignDraft(plan.PlanId, templateId, "Huge", new AudienceFilter()), "alice"));

        Assert.Contains("more than 256 KB", Assert.Single(exception.Errors["templateId"]), StringComparison.Ordinal);
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task Create_TemplateOverTheOutputBoundOnlyForARealRecipient_FailsLoggedAndStoresNothing()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, "ops@acme.example");
        await host.AddConsumerAsync(plan, "globex", 0, 3, "1.4.0", null, "it@globex.example");
        // The sample consumer is "acme-mobile", so the template passes validation and only fails for the real "globex".
        var templateId = await StoreTemplateAsync(host, "{% if consumer.key == 'globex' %}{% for i in (1..9000) %}{{ unsubscribe_url }}{% endfor %}{% endif %}ok");

        var exception = await Assert.ThrowsAsync<FieldErrorsException>(() =>
            host.Get<CampaignService>().CreateAsync(new CampaignDraft(plan.PlanId, templateId, "Partly huge", new AudienceFilter()), "alice"));

        Assert.Contains("more than 256 KB", Assert.Single(exception.Errors["templateId"]), StringComparison.Ordinal);
        await AssertNothingStoredAsync(host);
        Assert.Contains(host.Logs, entry => entry.Contains("Partly huge", StringComparison.Ordinal) && entry.Contains("more than 256 KB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartScheduled_TemplateOverTheOutputBoundForARecipient_CancelsTheCampaignWithTheReasonAndQueuesNothing()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "globex", 0, 3, "1.4.0", null, "it@globex.example");
        var templateId = await StoreTemplateAsync(host, "{% if consumer.key == 'globex' %}{% for i in (1..9000) %}{{ unsubscribe_url }}{% endfor %}{% endif %}ok");
        var campaigns = host.Get<CampaignService>();
        var campaignId = await campaigns.CreateAsync(new CampaignDraft(plan.PlanId, templateId, "Later", new AudienceFilter(), ScheduledAt: host.Now.AddHours(1)), "alice");
        host.Clock.Advance(TimeSpan.FromHours(1));

        Assert.False(await campaigns.StartScheduledAsync(campaignId));

        Assert.Empty(await host.OutboxAsync());
        Assert.Equal(CampaignStatus.Cancelled, (await host.Get<NotificationQueries>().GetCampaignAsync(campaignId))!.Status);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Contains("more than 256 KB", (await db.AuditEntries.SingleAsync(e => e.Action == "campaign.cancel")).Summary, StringComparison.Ordinal);
        Assert.Contains(host.Logs, entry => entry.Contains("'Later'", StringComparison.Ordinal) && entry.Contains("more than 256 KB", StringComparison.Ordinal));
    }

    private static async Task<int> StoreTemplateAsync(NotificationTestHost host, string textBody)
    {
        await using var db = await host.DbFactory.CreateDbContextAsync();
        var template = new NotificationTemplate
        {
            Key = "hostile",
            Name = "Hostile",
            Kind = TemplateKind.Announcement,
            SubjectTemplate = "Hello",
            HtmlBodyTemplate = "<p>Hello</p>",
            TextBodyTemplate = textBody,
            UpdatedAt = host.Now,
        };
        db.NotificationTemplates.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }

    private static async Task AssertNothingStoredAsync(NotificationTestHost host)
    {
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.Campaigns.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Empty(await host.OutboxAsync());
    }
}
