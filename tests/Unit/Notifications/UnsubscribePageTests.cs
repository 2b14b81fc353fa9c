using System.Net;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Notifications;

/// <summary>The unsubscribe link as a recipient follows it: styled like the app, asks once, then says it is done.</summary>
public sealed class UnsubscribePageTests : SundialAppTest
{
    private const string Email = "ops@acme.example";

    private async Task<string> TokenAsync()
    {
        var data = new TestDataBuilder(DateTimeOffset.UtcNow);
        var environment = data.Environment("unsubscribe-" + Guid.NewGuid().ToString("N")[..6]);
        var flag = data.Flag(environment, "use-new-format", legacyVariations: [0]);
        var consumer = data.Consumer(environment, "acme");
        data.Contact(consumer, Email);
        var plan = data.Plan(flag, "Retire the v1 format", deprecationInDays: 0, sunsetInDays: 30);
        await data.SaveAsync(Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        var contactId = await Factory.QueryAsync(db => db.Contacts.Where(c => c.Email == Email).Select(c => c.Id).SingleAsync());
        return Factory.Services.GetRequiredService<UnsubscribeTokens>().Create(contactId, plan.Id, Email);
    }

    [Fact]
    public async Task Unsubscribing_AsksOnce_ThenShowsDone_AndARevisitSaysAlreadyUnsubscribed()
    {
        var token = await TokenAsync();

        using var ask = await Client.GetAsync($"/unsubscribe/{token}");
        var askPage = await ask.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.css", askPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unsubscribe-confirm\"", askPage, StringComparison.Ordinal);
        Assert.Contains("Retire the v1 format", askPage, StringComparison.Ordinal);

        using var done = await Client.PostAsync($"/unsubscribe/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var donePage = await done.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("data-testid=\"unsubscribe-done\"", donePage, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", donePage, StringComparison.Ordinal);

        using var revisit = await Client.GetAsync($"/unsubscribe/{token}");
        var revisitPage = await revisit.Content.ReadAsStringAsync();
        Assert.Contains("is already unsubscribed", revisitPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", revisitPage, StringComparison.Ordinal);
        Assert.Equal(1, await Factory.QueryAsync(db => db.Suppressions.CountAsync(s => s.Email == Email)));
    }

    [Fact]
    public async Task InvalidLink_IsA400PageSayingSo_WithTheAppsStyle()
    {
        using var response = await Client.GetAsync("/unsubscribe/not-a-token");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid or has expired", page, StringComparison.Ordinal);
        Assert.Contains("/app.css", page, StringComparison.Ordinal);
    }
}
