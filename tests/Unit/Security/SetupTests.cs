using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Security;

/// <summary>
/// First-admin setup over real HTTP. The test server's requests have no remote address, so they count as remote unless a
/// client is created with one.
/// </summary>
public sealed class SetupTests : SundialAppTest
{

    [Fact]
    public async Task Setup_FromElsewhereWithoutTheToken_IsRefused()
    {
        using var response = await Client.GetAsync("/setup");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"setup-forbidden\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"password\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_WithTheLoggedToken_CreatesTheAdminAndSignsIn()
    {
        var setupToken = Factory.Services.GetRequiredService<SetupToken>().Value;
        var antiforgery = await Client.GetAntiforgeryTokenAsync($"/setup?token={setupToken}");

        using var response = await Client.PostFormAsync($"/setup?token={setupToken}", "setup", antiforgery, Form("ada@example.com"), new Dictionary<string, string> { ["token"] = setupToken });

        Assert.Equal("/", response.RedirectPath());
        using var overview = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        var admin = await Factory.QueryAsync(db => db.Users.SingleAsync());
        Assert.Equal("ada@example.com", admin.Email);
        Assert.True(await Factory.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "setup.completed")));
    }

    [Fact]
    public async Task Setup_OnceAUserExists_RedirectsToSignIn()
    {
        await Factory.CreateUserAsync("ada@example.com", Password, DashboardRoles.Admin);

        using var response = await Client.GetAsync("/setup");

        Assert.Equal(HtmlForms.LoginPath, response.RedirectPath());
    }

    [Fact]
    public async Task Setup_PostedOnceAUserExists_CreatesNoSecondUser()
    {
        await Factory.CreateUserAsync("ada@example.com", Password, DashboardRoles.Admin);
        var setupToken = Factory.Services.GetRequiredService<SetupToken>().Value;
        var antiforgery = await Client.GetAntiforgeryTokenAsync(HtmlForms.LoginPath);

        using var response = await Client.PostFormAsync($"/setup?token={setupToken}", "setup", antiforgery, Form("mallory@example.com"), new Dictionary<string, string> { ["token"] = setupToken });

        // A late post is answered with the page and a message pointing to sign-in, not with a second admin.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sundial is already set up. Sign in instead.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["ada@example.com"], await Factory.QueryAsync(db => db.Users.Select(u => u.Email!).ToListAsync()));
    }

    [Fact]
    public async Task Setup_FromThisMachineWithoutAProxy_ShowsTheForm()
    {
        using var local = Factory.CreateBrowserLikeClient("127.0.0.1");

        using var response = await local.GetAsync("/setup");

        Assert.Contains("id=\"password\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("X-Forwarded-Host", "sundial.example.com")]
    [InlineData("Forwarded", "for=203.0.113.7;host=sundial.example.com")]
    public async Task Setup_ThroughAProxyOnThisMachineWithoutTheToken_IsRefusedAndCreatesNoUser(string header, string value)
    {
        using var proxied = Factory.CreateBrowserLikeClient("127.0.0.1");
        proxied.DefaultRequestHeaders.Add(header, value);

        using var page = await proxied.GetAsync("/setup");
        Assert.Contains("data-testid=\"setup-forbidden\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A post that skips the page (its antiforgery token taken from the sign-in form) is refused as well.
        var antiforgery = await proxied.GetAntiforgeryTokenAsync(HtmlForms.LoginPath);
        using var posted = await proxied.PostFormAsync("/setup", "setup", antiforgery, Form("mallory@example.com"));
        // Refused because a refused request gets no setup form to submit (not, say, for a bad antiforgery token).
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("Cannot submit the form 'setup' because no form on the page currently has that name.", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Factory.QueryAsync(db => db.Users.ToListAsync()));
    }

    [Fact]
    public async Task Setup_ThroughAConfiguredProxy_NeedsTheTokenEvenWhenTheClientClaimsLoopback()
    {
        await using var factory = new SundialWebApplicationFactory("Development", settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        using var proxied = factory.CreateBrowserLikeClient("127.0.0.1");
        proxied.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.1");
        var setupToken = factory.Services.GetRequiredService<SetupToken>().Value;

        using var withoutToken = await proxied.GetAsync("/setup");
        using var withToken = await proxied.GetAsync($"/setup?token={setupToken}");

        Assert.Contains("data-testid=\"setup-forbidden\"", await withoutToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("id=\"password\"", await withToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_FromAnotherMachineClaimingLoopbackInXForwardedFor_IsRefused()
    {
        using var remote = Factory.CreateBrowserLikeClient("198.51.100.9");
        remote.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.1");

        using var response = await remote.GetAsync("/setup");

        Assert.Contains("data-testid=\"setup-forbidden\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Form(string email) => new()
    {
        ["Email"] = email,
        ["Password"] = Password,
        ["ConfirmPassword"] = Password,
    };
}
