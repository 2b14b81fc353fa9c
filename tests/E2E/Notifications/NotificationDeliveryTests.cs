using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;
using Dashboard.Tests.Unit.Notifications;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.E2E.Notifications;

/// <summary>Campaigns end to end: the real app, Chromium, and a real SMTP server over TCP scripted to defer and reject.</summary>
[Collection(SharedBrowser.Name)]
public sealed class NotificationDeliveryTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string AdminEmail = "ada@example.com";
    private const string AdminPassword = "Correct-Horse-42";
    private const string DemoApiKey = "sdl_demo_8d3f2a61c9b04e7d95a1f0c2b6e4d873";

    // The address the dashboard is reached at from outside (behind a proxy), as configured for links in emails.
    private const string PublicBaseUrl = "https://sundial.example.test";

    [Fact]
    public async Task CampaignFromTheBrowser_IsDeliveredWithHeaders_DeferredOnceThenSent_RejectedShownWithReply()
    {
        await using var smtp = new ScriptedSmtpServer();
        var deferred = new ConcurrentDictionary<string, bool>();
        smtp.ReplyToData = to => to switch
        {
            "greylisted@globex.test" when deferred.TryAdd(to, true) => "451 4.7.1 Greylisted, please try again",
            "nobody@initech.test" => "550 5.1.1 <nobody@initech.test>: Recipient address rejected: User unknown",
            _ => "250 2.0.0 Ok: queued",
        };
        await using var app = await SundialProcess.StartAsync(WithSmtp(smtp, messagesPerSecond: 50));
        var planId = await NotificationSeed.AddPlanWithAffectedConsumersAsync(app.DatabasePath, [("e2e-acme", "ops@acme.test"), ("e2e-globex", "greylisted@globex.test"), ("e2e-initech", "nobody@initech.test")]);
        var page = await browser.NewPageAsync(app);
        await page.CreateFirstAdminAsync(AdminEmail, AdminPassword, "Ada Lovelace");
        output.WriteLine("Signed in as the first admin.");

        await page.GotoAsync($"/notifications/campaigns/new?planId={planId}");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Campaign name").FillAsync("Announce the v1 retirement");
        await page.GetByTestId("campaign-preview").ClickAsync();
        await Expect(page.GetByTestId("campaign-recipient-count")).ToHaveTextAsync("3 recipients at 3 consumers");
        await page.GetByTestId("campaign-confirm").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        // Creating the campaign renders every message in one transaction; CI runs the unit tests on the same two cores.
        await Expect(page).ToHaveURLAsync(new Regex(@"/notifications/campaigns/\d+(\?env=[\w-]+)?$"), new() { Timeout = 30_000 });
        var campaignId = int.Parse(page.Url.Split('?')[0].Split('/')[^1], CultureInfo.InvariantCulture);

        await Expect(page.GetByTestId("campaign-counts")).ToContainTextAsync("2 sent · 1 failed · 0 pending · 0 sending", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("message-table")).ToContainTextAsync("550 5.1.1 <nobody@initech.test>: Recipient address rejected: User unknown");

        // The demo plans' automatic reminders reach the same server; only this campaign's messages count here.
        var received = OfCampaign(smtp, campaignId);
        Assert.Equal(["greylisted@globex.test", "ops@acme.test"], received.Select(m => m.RcptTo.Single()).Order());
        foreach (var mail in received)
        {
            var message = mail.Message;
            var consumer = mail.RcptTo.Single().Contains("acme", StringComparison.Ordinal) ? "e2e-acme" : "e2e-globex";
            Assert.Matches(new Regex($@"^campaign-{campaignId}\.contact-\d+@sundial\.local$"), message.MessageId);
            Assert.StartsWith($"Retire the v1 response format: {NotificationSeed.RetiredVariationName} ends on ", message.Subject, StringComparison.Ordinal);
            Assert.Contains($"We are retiring {NotificationSeed.RetiredVariationName} for all API versions (all client types).", message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"Move to {NotificationSeed.ReplacementVariationName}.", message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"Consumer {consumer} made 120 calls", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("API versions sent: 1.4.2", message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"<strong>Consumer {consumer}</strong>", message.HtmlBody, StringComparison.Ordinal);
            Assert.Matches(new Regex($@"^<{Regex.Escape(PublicBaseUrl)}/unsubscribe/[\w-]+>$"), message.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        }

        // One-click unsubscribe as a mail client does it: a POST without cookies; a forged token changes nothing.
        var unsubscribeUrl = received[0].Message.Headers["List-Unsubscribe"]!.Trim('<', '>').Replace(PublicBaseUrl, app.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        using var forged = await anonymous.PostAsync(unsubscribeUrl[..^4] + "AAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await NotificationSeed.CountAsync(app.DatabasePath, "SELECT COUNT(*) FROM Suppressions"));
        using var unsubscribed = await anonymous.PostAsync(unsubscribeUrl, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Equal(1, await NotificationSeed.CountAsync(app.DatabasePath, $"SELECT COUNT(*) FROM Suppressions WHERE PlanId = {planId} AND Email = '{received[0].RcptTo.Single()}'"));
    }

    [Fact]
    public async Task KilledMidCampaign_RestartDeliversEveryMessage_DuplicatesAtMostTheMessagesInFlight()
    {
        const int Recipients = 1_000;
        await using var smtp = new ScriptedSmtpServer();
        await using var app = await SundialProcess.StartAsync(WithSmtp(smtp, messagesPerSecond: 100));
        var planId = await NotificationSeed.AddPlanWithAffectedConsumersAsync(
            app.DatabasePath, Enumerable.Range(0, Recipients).Select(i => ($"crash-{i:D4}", $"ops{i:D4}@crash.test")).ToList());

        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", DemoApiKey);
        using var created = await api.PostAsJsonAsync("/api/v1/campaigns", new { planId, templateKey = "announcement", name = "Crash test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await Eventually.UntilAsync(() => OfCampaign(smtp, campaignId).Count >= 300, "300 messages before the crash", TimeSpan.FromSeconds(60));
        await app.KillAsync();
        var receivedAtCrash = OfCampaign(smtp, campaignId).Count;
        var leasedAtCrash = await NotificationSeed.CountAsync(app.DatabasePath, $"SELECT COUNT(*) FROM OutboxMessages WHERE CampaignId = {campaignId} AND Status = 'Sending'");
        var sentAtCrash = await NotificationSeed.CountAsync(app.DatabasePath, $"SELECT COUNT(*) FROM OutboxMessages WHERE CampaignId = {campaignId} AND Status = 'Sent'");
        // Sent by the server but not yet recorded as sent: these, and only these, can go out twice.
        var inFlight = receivedAtCrash - sentAtCrash;

        await app.RestartAsync();
        await Eventually.UntilAsync(() => OfCampaign(smtp, campaignId).Select(m => m.Message.MessageId).Distinct().Count() >= Recipients, "every recipient after the restart", TimeSpan.FromSeconds(120));
        await Eventually.UntilAsync(async () => await NotificationSeed.CountAsync(app.DatabasePath, $"SELECT COUNT(*) FROM Campaigns WHERE Id = {campaignId} AND Status = 'Completed'") == 1, "the campaign to complete", TimeSpan.FromSeconds(30));

        var delivered = OfCampaign(smtp, campaignId);
        var byRecipient = delivered.GroupBy(m => m.RcptTo.Single()).ToList();
        var duplicates = delivered.Count - delivered.Select(m => m.Message.MessageId).Distinct().Count();
        output.WriteLine($"Crash after {receivedAtCrash} received ({sentAtCrash} recorded sent, {leasedAtCrash} leased, {inFlight} in flight); duplicates after restart: {duplicates}");
        Assert.Equal(Recipients, byRecipient.Count);
        Assert.All(byRecipient, g => Assert.Single(g.Select(m => m.Message.MessageId).Distinct()));
        Assert.InRange(duplicates, 0, inFlight);
        Assert.Equal(Recipients, await NotificationSeed.CountAsync(app.DatabasePath, $"SELECT COUNT(*) FROM OutboxMessages WHERE CampaignId = {campaignId} AND Status = 'Sent'"));
    }

    private static List<ReceivedMail> OfCampaign(ScriptedSmtpServer smtp, int campaignId) =>
        smtp.Received.Where(m => m.Message.MessageId?.StartsWith($"campaign-{campaignId}.", StringComparison.Ordinal) == true).ToList();

    private static SundialProcessOptions WithSmtp(ScriptedSmtpServer smtp, int messagesPerSecond) => new()
    {
        Environment = new Dictionary<string, string>
        {
            ["Notifications__PublicBaseUrl"] = PublicBaseUrl,
            ["Mail__Transport"] = "Smtp",
            ["Mail__Host"] = "127.0.0.1",
            ["Mail__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail__Security"] = "None",
            ["Mail__MessagesPerSecond"] = messagesPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Mail__RetryDelay"] = "00:00:01",
            ["Mail__PollInterval"] = "00:00:00.2",
            ["Mail__LeaseDuration"] = "00:00:05",
            ["Mail__BatchSize"] = "20",
        },
    };
}
