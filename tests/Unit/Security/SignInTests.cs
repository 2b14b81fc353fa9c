using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Security;

/// <summary>Sign-in through the real login form and cookie, and what each role may open.</summary>
public sealed class SignInTests : SundialAppTest
{

    public override async Task InitializeAsync()
    {
        await Factory.CreateUserAsync("admin@example.com", Password, DashboardRoles.Admin);
        await Factory.CreateUserAsync("viewer@example.com", Password, DashboardRoles.Viewer);
    }

    [Theory]
    [InlineData("/settings/users")]
    [InlineData("/settings/audit")]
    public async Task Viewer_OpeningAnAdminPage_IsDenied(string path)
    {
        using var signIn = await Client.SignInAsync("viewer@example.com", Password);
        Assert.Equal("/", signIn.RedirectPath());

        using var response = await Client.GetAsync(path);

        Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden || response.RedirectPath() == "/account/access-denied",
            $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
    }

    [Fact]
    public async Task Viewer_OpensTheOverview()
    {
        await Client.SignInAsync("viewer@example.com", Password);

        using var response = await Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/settings/users")]
    [InlineData("/settings/audit")]
    public async Task Admin_OpensAdminPages(string path)
    {
        await Client.SignInAsync("admin@example.com", Password);

        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_SaysSoAndSetsNoSession()
    {
        using var response = await Client.SignInAsync("viewer@example.com", "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync();
    }

    [Fact]
    public async Task SignIn_AsDisabledUser_SaysTheAccountIsDisabledAndSetsNoSession()
    {
        var viewerId = await Factory.QueryAsync(db => db.Users.Where(u => u.Email == "viewer@example.com").Select(u => u.Id).SingleAsync());
        var problems = await Factory.AdministerUsersAsync(users => users.SetDisabledAsync("admin@example.com", viewerId, disabled: true));
        Assert.Empty(problems);

        using var response = await Client.SignInAsync("viewer@example.com", Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is disabled. Ask an administrator to enable it.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync();
    }

    [Fact]
    public async Task SignIn_WithMalformedEmail_NamesTheField()
    {
        using var response = await Client.SignInAsync("viewer-at-example.com", Password);

        Assert.Contains("Email must be a valid address, like ada@example.com.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync();
    }

    private async Task AssertSignedOutAsync()
    {
        using var overview = await Client.GetAsync("/");
        Assert.Equal(HtmlForms.LoginPath, overview.RedirectPath());
    }
}
