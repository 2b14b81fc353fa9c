using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Security;

/// <summary>First-admin setup over real HTTP. The test server's requests have no remote address, so they count as remote.</summary>
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

    private static Dictionary<string, string> Form(string email) => new()
    {
        ["Email"] = email,
        ["Password"] = Password,
        ["ConfirmPassword"] = Password,
    };
}
