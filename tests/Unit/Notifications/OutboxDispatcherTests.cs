using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Unit.Notifications;

/// <summary>The dispatcher against a real SMTP server over TCP.</summary>
public sealed class OutboxDispatcherTests
{
    [Fact]
    public async Task Dispatch_AcceptedMessages_ArriveWithRecipientSubjectBodyMessageIdAndUnsubscribeHeaders()
    {
        await using var smtp = new ScriptedSmtpServer();
        await using var host = await NotificationTestHost.CreateAsync(configureMail: o => UseSmtp(o, smtp));
        var campaignId = await CreateCampaignAsync(host, "ops@acme.example", "dev@acme.example");

        await DispatchAllAsync(host);

        var outbox = await host.OutboxAsync();
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.Equal(2, smtp.Received.Count);
        foreach (var mail in smtp.Received)
        {
            var row = outbox.Single(m => m.ToAddress == mail.RcptTo.Single());
            Assert.Equal(row.Subject, mail.Message.Subject);
            Assert.Equal(row.MessageId, mail.Message.MessageId);
            Assert.Equal($"campaign-{campaignId}.contact-{row.ContactId}@sundial.local", mail.Message.MessageId);
            Assert.Equal($"<{row.UnsubscribeUrl}>", mail.Message.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Message.Headers["List-Unsubscribe-Post"]);
            Assert.Contains("ACME", mail.Message.TextBody, StringComparison.Ordinal);
            // The retired behaviour (the host's legacy variation is named "Legacy"), not the flag.
            Assert.Contains("We are retiring <strong>Legacy</strong>", mail.Message.HtmlBody, StringComparison.Ordinal);
            Assert.Equal("sundial@localhost", mail.MailFrom);
        }

        Assert.Equal(CampaignStatus.Completed, (await host.Get<NotificationQueries>().GetCampaignAsync(campaignId))!.Status);
    }

    [Fact]
    public async Task Dispatch_TransientReplyThenAccept_DeliversOnceAfterBackoff()
    {
        await using var smtp = new ScriptedSmtpServer();
        var replies = new Queue<string>(["451 4.7.1 Greylisted, try again later"]);
        smtp.ReplyToData = _ => replies.TryDequeue(out var reply) ? reply : "250 2.0.0 Ok";
        await using var host = await NotificationTestHost.CreateAsync(configureMail: o => UseSmtp(o, smtp));
        await CreateCampaignAsync(host, "ops@acme.example");

        await DispatchAllAsync(host);
        var deferred = Assert.Single(await host.OutboxAsync());
        Assert.Equal((OutboxStatus.Pending, 1), (deferred.Status, deferred.Attempts));
        Assert.StartsWith("451 ", deferred.LastError, StringComparison.Ordinal);
        Assert.Empty(smtp.Received);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAllAsync(host);

        var sent = Assert.Single(await host.OutboxAsync());
        Assert.Equal((OutboxStatus.Sent, 2), (sent.Status, sent.Attempts));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task Dispatch_PermanentReply_FailsWithTheServersReplyAndOthersStillGo()
    {
        await using var smtp = new ScriptedSmtpServer { ReplyToData = to => to.StartsWith("nobody", StringComparison.Ordinal) ? "550 5.1.1 <nobody@acme.example>: Recipient address rejected" : "250 Ok" };
        await using var host = await NotificationTestHost.CreateAsync(configureMail: o => UseSmtp(o, smtp));
        await CreateCampaignAsync(host, "nobody@acme.example", "ops@acme.example");

        await DispatchAllAsync(host);

        var outbox = (await host.OutboxAsync()).ToDictionary(m => m.ToAddress);
        Assert.Equal(OutboxStatus.Failed, outbox["nobody@acme.example"].Status);
        Assert.Equal("550 5.1.1 <nobody@acme.example>: Recipient address rejected", outbox["nobody@acme.example"].LastError);
        Assert.Equal(OutboxStatus.Sent, outbox["ops@acme.example"].Status);
        Assert.Equal(["ops@acme.example"], smtp.Received.Select(m => m.RcptTo.Single()));
    }

    [Fact]
    public async Task Dispatch_ServerUnreachable_KeepsMessagesPendingWithTheError()
    {
        int closedPort;
        await using (var gone = new ScriptedSmtpServer())
        {
            closedPort = gone.Port;
        }

        await using var host = await NotificationTestHost.CreateAsync(configureMail: o => { o.Host = "127.0.0.1"; o.Port = closedPort; o.Security = MailSecurity.None; });
        await CreateCampaignAsync(host, "ops@acme.example", "dev@acme.example");

        await DispatchAllAsync(host);

        Assert.All(await host.OutboxAsync(), m =>
        {
            Assert.Equal((OutboxStatus.Pending, 0), (m.Status, m.Attempts));
            Assert.StartsWith("Mail server unavailable", m.LastError, StringComparison.Ordinal);
        });
        Assert.StartsWith("Mail server unavailable", host.Get<MailTransportStatus>().LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_LeaseOfACrashedDispatcher_IsTakenOverAfterItExpires()
    {
        await using var smtp = new ScriptedSmtpServer();
        await using var host = await NotificationTestHost.CreateAsync(configureMail: o => { UseSmtp(o, smtp); o.LeaseDuration = TimeSpan.FromMinutes(2); });
        await CreateCampaignAsync(host, "ops@acme.example");
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            // What a dispatcher killed mid-send leaves behind.
            await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.LeaseOwner, "crashed").SetProperty(m => m.LeaseUntil, host.Now.AddMinutes(2)));
        }

        await DispatchAllAsync(host);
        Assert.Empty(smtp.Received);

        host.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await DispatchAllAsync(host);

        Assert.Single(smtp.Received);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await host.OutboxAsync()).Status);
    }

    private static void UseSmtp(MailOptions options, ScriptedSmtpServer smtp)
    {
        options.Host = "127.0.0.1";
        options.Port = smtp.Port;
        options.Security = MailSecurity.None;
    }

    private static async Task<int> CreateCampaignAsync(NotificationTestHost host, params string[] contacts)
    {
        var plan = await host.AddPlanAsync(host.Now.AddDays(30));
        await host.AddConsumerAsync(plan, "acme", 0, 1, "1.2.0", null, contacts);
        return await host.Get<CampaignService>().CreateAsync(new CampaignDraft(plan.PlanId, await host.TemplateIdAsync(DefaultTemplates.AnnouncementKey), "Announcement", new AudienceFilter()), "alice");
    }

    private static async Task DispatchAllAsync(NotificationTestHost host)
    {
        var dispatcher = host.Get<OutboxDispatcher>();
        await using var transport = new SmtpMailTransport(host.Get<IOptions<MailOptions>>().Value);
        while (await dispatcher.RunOnceAsync(transport, null, CancellationToken.None) > 0)
        {
        }
    }
}
