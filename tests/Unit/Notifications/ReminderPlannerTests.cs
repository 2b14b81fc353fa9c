using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class ReminderPlannerTests
{
    [Theory]
    [InlineData(100, null)]
    [InlineData(90, 90)]
    [InlineData(31, 90)]
    [InlineData(30, 30)]
    [InlineData(7, 7)]
    [InlineData(0.5, 1)]
    [InlineData(0, null)]
    [InlineData(-3, null)]
    public void DueOffset_PicksTheLatestStageReached(double daysBeforeSunset, int? expected)
    {
        var sunset = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(expected, ReminderPlanner.DueOffset([90, 30, 7, 1], sunset, sunset.AddDays(-daysBeforeSunset)));
    }

    [Fact]
    public async Task Run_AsTimePasses_SendsEachStageOnceAndOnlyToConsumersStillAffected()
    {
        await using var host = await NotificationTestHost.CreateAsync(configureAnalytics: o => o.AffectedDays = 7);
        var sunset = host.Now.AddDays(95);
        var plan = await host.AddPlanAsync(sunset);
        await host.AddConsumerAsync(plan, "laggard", 0, 1, "1.0.0", null, "ops@laggard.example");
        await host.AddConsumerAsync(plan, "migrates", 0, 1, "1.0.0", null, "ops@migrates.example");
        var reminders = host.Get<ReminderPlanner>();

        Assert.Equal(0, await reminders.RunAsync());

        host.Clock.SetUtcNow(sunset.AddDays(-90));
        await KeepUsingLegacyAsync(host, plan, "laggard", "migrates");
        Assert.Equal(2, await reminders.RunAsync());
        Assert.Equal(0, await reminders.RunAsync());

        host.Clock.SetUtcNow(sunset.AddDays(-30));
        await KeepUsingLegacyAsync(host, plan, "laggard");
        Assert.Equal(1, await reminders.RunAsync());

        host.Clock.SetUtcNow(sunset.AddDays(-1));
        await KeepUsingLegacyAsync(host, plan, "laggard");
        Assert.Equal(1, await reminders.RunAsync());

        var sent = (await host.OutboxAsync()).Select(m => (m.ToAddress, m.Stage)).ToList();
        Assert.Equal(
            [("ops@laggard.example", "sunset-90d"), ("ops@migrates.example", "sunset-90d"), ("ops@laggard.example", "sunset-30d"), ("ops@laggard.example", "sunset-1d")],
            sent);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        var finalTemplate = await db.Campaigns.Where(c => c.Stage == "sunset-1d").Select(c => c.Template!.Key).SingleAsync();
        Assert.Equal(DefaultTemplates.FinalNoticeKey, finalTemplate);
    }

    [Fact]
    public async Task Run_ConsumerWithExtension_FollowsItsOwnSunset()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var sunset = host.Now.AddDays(30);
        var plan = await host.AddPlanAsync(sunset);
        await host.AddConsumerAsync(plan, "regular", 0, 1, "1.0.0", null, "ops@regular.example");
        var extended = await host.AddConsumerAsync(plan, "extended", 0, 1, "1.0.0", null, "ops@extended.example");
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            db.ConsumerExtensions.Add(new ConsumerExtension { PlanId = plan.PlanId, ConsumerId = extended, SunsetAt = sunset.AddDays(60), Reason = "big customer", GrantedBy = "bob" });
            await db.SaveChangesAsync();
        }

        await host.Get<ReminderPlanner>().RunAsync();

        var outbox = await host.OutboxAsync();
        Assert.Equal("sunset-30d", outbox.Single(m => m.ToAddress == "ops@regular.example").Stage);
        var extendedMessage = outbox.Single(m => m.ToAddress == "ops@extended.example");
        Assert.Equal("sunset-90d", extendedMessage.Stage);
        Assert.Contains("90 days", extendedMessage.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BrownoutAhead_RemindsBeforeIt()
    {
        await using var host = await NotificationTestHost.CreateAsync(o => { o.BrownoutReminderDays = 3; o.ReminderOffsetsDays = [7]; });
        var plan = await host.AddPlanAsync(host.Now.AddDays(60));
        await host.AddConsumerAsync(plan, "laggard", 0, 1, "1.0.0", null, "ops@laggard.example");
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            db.BrownoutWindows.Add(new BrownoutWindow { PlanId = plan.PlanId, StartsAt = host.Now.AddDays(5), EndsAt = host.Now.AddDays(5).AddHours(2) });
            await db.SaveChangesAsync();
        }

        var reminders = host.Get<ReminderPlanner>();
        Assert.Equal(0, await reminders.RunAsync());
        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await reminders.RunAsync());

        var message = Assert.Single(await host.OutboxAsync());
        Assert.StartsWith("brownout-", message.Stage, StringComparison.Ordinal);
        Assert.StartsWith("Brownout on", message.Subject, StringComparison.Ordinal);
    }

    private static async Task KeepUsingLegacyAsync(NotificationTestHost host, TestPlan plan, params string[] consumerKeys)
    {
        await using var db = await host.DbFactory.CreateDbContextAsync();
        var hour = host.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds() / 3600 * 3600;
        foreach (var consumerId in await db.Consumers.Where(c => consumerKeys.Contains(c.Key)).Select(c => c.Id).ToListAsync())
        {
            db.EvaluationRollups.Add(new EvaluationRollup
            {
                EnvironmentId = plan.EnvironmentId, FlagId = plan.FlagId, ConsumerId = consumerId, ApiVersion = "1.0.0",
                ApiVersionStatus = VersionStatus.Valid, ApiVersionSortKey = Dashboard.Versions.VersionReader.Read("1.0.0", VersionScheme.SemVer).SortKey,
                ClientType = "web", VariationIndex = 0, HourStart = hour, Count = 1,
            });
        }

        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData(90, false, 90, "Reminder 90 days before sunset")]
    [InlineData(90, false, 60, "Reminder 90 days before sunset, sent 60 days before")]
    [InlineData(1, true, 1, "Final notice (1 day before sunset)")]
    [InlineData(7, true, 0, "Final notice (7 days before sunset), sent 0 days before")]
    public void StageName_SaysTheStage_AndTheDaysReallyLeftWhenSentLate(int stage, bool isFinal, int daysLeft, string expected)
    {
        Assert.Equal(expected, ReminderPlanner.StageName(stage, isFinal, daysLeft));
    }
}
