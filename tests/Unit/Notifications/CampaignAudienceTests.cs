using Dashboard.Data.Entities;
using Dashboard.Notifications;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class CampaignAudienceTests
{
    [Fact]
    public async Task Resolve_ConsumerThatMigrated_IsNotInTheAudience()
    {
        await using var host = await NotificationTestHost.CreateAsync(configureAnalytics: o => o.AffectedDays = 7);
        var plan = await host.AddPlanAsync(host.Now.AddDays(60));
        await host.AddConsumerAsync(plan, "still-legacy", variation: 0, hoursAgo: 2, contactEmails: "a@still.example");
        await host.AddConsumerAsync(plan, "on-new", variation: 1, hoursAgo: 2, contactEmails: "b@new.example");
        await host.AddConsumerAsync(plan, "migrated-last-month", variation: 0, hoursAgo: 24 * 20, contactEmails: "c@migrated.example");

        var audience = await host.Get<CampaignAudience>().ResolveAsync(plan.PlanId, null, isServiceNotice: false);

        Assert.Equal(["a@still.example"], audience!.Recipients.Select(r => r.Email));
    }

    [Fact]
    public async Task Resolve_SuppressedUnsubscribedAndInvalidContacts_AreExcludedWithReason()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(60));
        var consumerId = await host.AddConsumerAsync(plan, "acme", 0, 1, "1.0.0", null, "ok@acme.example", "gone@acme.example", "not-an-address", "other-plan@acme.example", "everything@acme.example");
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            db.Contacts.Add(new Contact { ConsumerId = consumerId, Email = "unsub@acme.example", IsUnsubscribed = true });
            db.Suppressions.Add(new Suppression { Email = "GONE@acme.example", PlanId = plan.PlanId, Reason = "unsubscribed" });
            db.Suppressions.Add(new Suppression { Email = "other-plan@acme.example", PlanId = plan.PlanId + 100, Reason = "unsubscribed" });
            db.Suppressions.Add(new Suppression { Email = "everything@acme.example", PlanId = null, Reason = "bounced" });
            await db.SaveChangesAsync();
        }

        var audience = await host.Get<CampaignAudience>().ResolveAsync(plan.PlanId, null, isServiceNotice: false);

        Assert.Equal(["ok@acme.example", "other-plan@acme.example"], audience!.Recipients.Select(r => r.Email).Order());
        var reasons = audience.Excluded.ToDictionary(e => e.Email, e => e.Reason);
        Assert.Equal("suppressed", reasons["gone@acme.example"]);
        Assert.Equal("suppressed", reasons["everything@acme.example"]);
        Assert.Equal("unsubscribed", reasons["unsub@acme.example"]);
        Assert.StartsWith("invalid address", reasons["not-an-address"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_ServiceNotice_ReachesUnsubscribedContactsButNeverInvalidAddresses()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(60));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.0.0", null, "gone@acme.example", "bad address@acme.example");
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            db.Suppressions.Add(new Suppression { Email = "gone@acme.example", PlanId = plan.PlanId, Reason = "unsubscribed" });
            await db.SaveChangesAsync();
        }

        var audience = await host.Get<CampaignAudience>().ResolveAsync(plan.PlanId, null, isServiceNotice: true);

        Assert.Equal(["gone@acme.example"], audience!.Recipients.Select(r => r.Email));
        Assert.Equal(["bad address@acme.example"], audience.Excluded.Select(e => e.Email));
    }

    [Fact]
    public async Task Resolve_TierAndVersionFilter_NarrowTheAudience()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var plan = await host.AddPlanAsync(host.Now.AddDays(60));
        await host.AddConsumerAsync(plan, "gold-old", 0, 1, "1.0.0", "gold", "a@gold-old.example");
        await host.AddConsumerAsync(plan, "gold-newer", 0, 1, "1.8.0", "gold", "a@gold-newer.example");
        await host.AddConsumerAsync(plan, "free-old", 0, 1, "1.0.0", "free", "a@free-old.example");

        var audience = await host.Get<CampaignAudience>().ResolveAsync(plan.PlanId, new AudienceFilter { Tiers = ["gold"], ApiVersionBelow = "1.5.0" }, isServiceNotice: false);

        Assert.Equal(["a@gold-old.example"], audience!.Recipients.Select(r => r.Email));
    }

    [Theory]
    [InlineData("ops@example.com", null)]
    [InlineData("Ops Team <ops@example.com>", "invalid")]
    [InlineData("ops@", "invalid")]
    [InlineData("@example.com", "invalid")]
    [InlineData("a@b.c, d@e.f", "invalid")]
    [InlineData("", "invalid")]
    public void AddressProblem_RejectsAnythingButOneBareAddress(string email, string? expectedPrefix)
    {
        var problem = CampaignAudience.AddressProblem(email);

        if (expectedPrefix is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.StartsWith(expectedPrefix, problem, StringComparison.Ordinal);
        }
    }
}
