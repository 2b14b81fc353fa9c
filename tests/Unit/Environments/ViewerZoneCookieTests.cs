using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Environments;

/// <summary>The browser's zone cookie reaches the first, prerendered HTML, so a page never shows UTC first and the viewer's zone after.</summary>
public sealed class ViewerZoneCookieTests : SundialAppTest
{
    public override async Task InitializeAsync() => await Factory.CreateUserAsync("admin@example.com", Password, DashboardRoles.Admin);

    private async Task<string> PrerenderAsync(string? zoneCookie)
    {
        await Client.SignInAsync("admin@example.com", Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings/mail");
        if (zoneCookie is not null)
        {
            request.Headers.Add("Cookie", $"sundial-tz={Uri.EscapeDataString(zoneCookie)}");
        }

        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Page_WithTheZoneCookie_IsPrerenderedInThatZone()
    {
        Assert.Contains("Times in Europe/Berlin", await PrerenderAsync("Europe/Berlin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithAnUnknownOrNoZone_SaysUtc()
    {
        Assert.Contains("Times in UTC", await PrerenderAsync("Not/AZone"), StringComparison.Ordinal);
    }
}
