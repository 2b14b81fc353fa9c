using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Notifications;

/// <summary>The default templates read as a recipient of the demo plan would read them.</summary>
public sealed class DefaultTemplateTextTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Sunset = new(2027, 3, 1, 14, 0, 0, DateTimeKind.Utc);
    private readonly TemplateRenderer renderer = new(new FakeTimeProvider(new DateTimeOffset(Now)));

    // The demo plan: the flag is named for the behaviour that stays; variation 1 (the legacy format) is retired below 2.0.0.
    private static readonly PlanDetails DemoPlan = new(
        1, 1, "Retire the v1 response format", "use-new-response-format", "New JSON response format (v2)", PlanStatus.Deprecated,
        Now.AddDays(-75), Now.AddDays(-30), Sunset, "https://docs.example.com/api/v2/migrating-response-format", VersionScheme.SemVer,
        [1], [new PlanVariation(0, "new JSON response format (v2)", "true", false), new PlanVariation(1, "legacy JSON response format (v1)", "false", true)],
        null, "2.0.0", []);

    private static readonly Recipient KrustyBrands = new(
        new AffectedConsumer(7, "krusty-brands", "Krusty Brands", "gold", ["1.2.0", ""], ["web"], 72_728, Now.AddHours(-3), null),
        "Krusty Brands", 11, "ada@krusty.example", "Ada Lovelace");

    private RenderedMessage Render(string key, BrownoutModel? brownout = null)
    {
        var template = DefaultTemplates.Create(Now).Single(t => t.Key == key);
        var compiled = TemplateRenderer.Compile(new TemplateSource(template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate));
        Assert.True(compiled.Succeeded, string.Join("; ", compiled.Errors));
        return renderer.Render(compiled.Template!, TemplateModelFactory.Create(DemoPlan, KrustyBrands, "https://sundial.example/unsubscribe/t", brownout, Now));
    }

    [Fact]
    public void Announcement_NamesTheRetiredBehaviourItsScopeAndWhatToSendInstead()
    {
        var message = Render(DefaultTemplates.AnnouncementKey);

        Assert.Equal("Retire the v1 response format: legacy JSON response format (v1) ends on 1 Mar 2027", message.Subject);
        Assert.Contains(
            "We are retiring legacy JSON response format (v1) for API versions below 2.0.0 (all client types). It is deprecated from 1 Nov 2026 09:00 UTC and stops working on 1 Mar 2027 14:00 UTC (90 days from now). Send X-API-Version: 2.0.0 or later to get new JSON response format (v2) instead.",
            message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<code>X-API-Version: 2.0.0 or later</code>", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("retiring New JSON response format", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_IsFormattedForPeople()
    {
        var message = Render(DefaultTemplates.AnnouncementKey);

        Assert.Contains(
            "Krusty Brands made 72,728 calls that still got legacy JSON response format (v1) (last at 1 Dec 2026 06:00 UTC). API versions sent: 1.2.0, no API version header.",
            message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("(none)", message.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DefaultTemplates.ReminderKey, "90 days left: legacy JSON response format (v1) ends (Krusty Brands)")]
    [InlineData(DefaultTemplates.FinalNoticeKey, "Final notice: legacy JSON response format (v1) stops working on 1 Mar 2027")]
    [InlineData(DefaultTemplates.SunsetDoneKey, "legacy JSON response format (v1) has been retired")]
    public void EveryDefault_NamesTheRetiredBehaviourNotTheFlag(string key, string subject)
    {
        var message = Render(key);

        Assert.Equal(subject, message.Subject);
        Assert.Contains("legacy JSON response format (v1) for API versions below 2.0.0", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("new JSON response format (v2)", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("New JSON response format (v2)", message.Subject + message.TextBody + message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void BrownoutReminder_GivesTheWindowWithTimesInUtc()
    {
        var message = Render(DefaultTemplates.ReminderKey, new BrownoutModel(Sunset.AddDays(-14), Sunset.AddDays(-13)));

        Assert.Equal("Brownout on 15 Feb 2027 14:00 UTC: legacy JSON response format (v1) ends (Krusty Brands)", message.Subject);
        Assert.Contains("A brownout is scheduled from 15 Feb 2027 14:00 to 16 Feb 2027 14:00 UTC: calls that still get legacy JSON response format (v1) will fail", message.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "all API versions", null)]
    [InlineData("1.0.0", null, "API versions 1.0.0 and later", "an X-API-Version below 1.0.0")]
    [InlineData("1.0.0", "2.0.0", "API versions from 1.0.0 to below 2.0.0", "X-API-Version: 2.0.0 or later")]
    public void VersionRangeAndSendInstead_FollowThePlansRange(string? from, string? below, string range, string? instead)
    {
        Assert.Equal(range, TemplateModelFactory.VersionRange(from, below));
        Assert.Equal(instead, TemplateModelFactory.SendInstead(from, below));
    }

    [Fact]
    public void Behaviours_RetiredAreThePlansVariations_ReplacementTheOthersNotMarkedLegacy()
    {
        var plan = DemoPlan with
        {
            RetiredVariations = [0],
            Variations = [new PlanVariation(0, null, "\"v1\"", true), new PlanVariation(1, null, "\"v0\"", true), new PlanVariation(2, null, "\"v2\"", false)],
        };

        var (retired, replacement) = TemplateModelFactory.Behaviours(plan);

        Assert.Equal(["v1"], retired);
        Assert.Equal(["v2"], replacement);
    }

    [Fact]
    public void Behaviours_ForAFlagWithoutRecordedVariations_StillNameThem()
    {
        var (retired, replacement) = TemplateModelFactory.Behaviours(DemoPlan with { Variations = [] });

        Assert.Equal(["variation 1"], retired);
        Assert.Equal(["the new behaviour"], replacement);
    }

    [Fact]
    public async Task Seeder_ReplacesUntouchedOldDefaults_AndKeepsEditedTemplates()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var old = PreviousDefaultTemplates.Create(host.Now).ToDictionary(t => t.Key);
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            foreach (var template in await db.NotificationTemplates.ToListAsync())
            {
                template.SubjectTemplate = old[template.Key].SubjectTemplate;
                template.HtmlBodyTemplate = old[template.Key].HtmlBodyTemplate.Replace("\n", "\r\n", StringComparison.Ordinal);
                template.TextBodyTemplate = old[template.Key].TextBodyTemplate;
            }

            var edited = await db.NotificationTemplates.SingleAsync(t => t.Key == DefaultTemplates.ReminderKey);
            edited.SubjectTemplate = "Our own words: {{ flag.name }}";
            await db.SaveChangesAsync();
        }

        var changed = await host.Get<NotificationTemplateSeeder>().SeedMissingAsync();

        Assert.Equal(3, changed);
        await using var check = await host.DbFactory.CreateDbContextAsync();
        var stored = await check.NotificationTemplates.AsNoTracking().ToDictionaryAsync(t => t.Key);
        var current = DefaultTemplates.Create(host.Now).ToDictionary(t => t.Key);
        Assert.Equal(current[DefaultTemplates.AnnouncementKey].TextBodyTemplate, stored[DefaultTemplates.AnnouncementKey].TextBodyTemplate);
        Assert.Equal(current[DefaultTemplates.SunsetDoneKey].SubjectTemplate, stored[DefaultTemplates.SunsetDoneKey].SubjectTemplate);
        Assert.Equal("Our own words: {{ flag.name }}", stored[DefaultTemplates.ReminderKey].SubjectTemplate);
        Assert.Equal(3, await check.AuditEntries.CountAsync(a => a.Action == "template.upgrade"));
    }
}
