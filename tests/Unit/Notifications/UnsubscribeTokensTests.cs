using Dashboard.Notifications;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class UnsubscribeTokensTests
{
    [Fact]
    public async Task Read_TokenItIssued_ReturnsContactPlanAndAddress()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var tokens = host.Get<UnsubscribeTokens>();

        var request = tokens.Read(tokens.Create(12, 34, "ops@acme.example"));

        Assert.Equal(new UnsubscribeRequest(12, 34, "ops@acme.example"), request);
    }

    [Fact]
    public async Task Read_AlteredOrForgedToken_IsRejected()
    {
        await using var host = await NotificationTestHost.CreateAsync();
        var tokens = host.Get<UnsubscribeTokens>();
        var token = tokens.Create(12, 34, "ops@acme.example");
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        Assert.Null(tokens.Read(altered));
        Assert.Null(tokens.Read("not-a-token"));
        Assert.Null(tokens.Read(Convert.ToBase64String("12|34|ops@acme.example"u8.ToArray())));
    }

    [Fact]
    public async Task Read_AfterLifetime_IsRejected()
    {
        await using var host = await NotificationTestHost.CreateAsync(o => o.UnsubscribeLinkLifetimeDays = 10);
        var tokens = host.Get<UnsubscribeTokens>();
        var token = tokens.Create(12, 34, "ops@acme.example");

        host.Clock.Advance(TimeSpan.FromDays(9));
        Assert.NotNull(tokens.Read(token));
        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Null(tokens.Read(token));
    }
}
