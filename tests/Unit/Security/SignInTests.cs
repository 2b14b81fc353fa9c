using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        Assert.Equal(GenericFailure, await LoginErrorAsync(response));
        await AssertSignedOutAsync();
    }

    [Fact]
    public async Task SignIn_AsDisabledUserWithTheRightPassword_GetsTheGenericMessageAndNoSession()
    {
        await DisableAsync("viewer@example.com");

        using var response = await Client.SignInAsync("viewer@example.com", Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GenericFailure, await LoginErrorAsync(response));
        await AssertSignedOutAsync();
    }

    [Fact]
    public async Task SignIn_FailureMessage_IsTheSameForWrongPasswordUnknownDisabledAndManyFailures()
    {
        await Factory.CreateUserAsync("disabled@example.com", Password, DashboardRoles.Viewer);
        await DisableAsync("disabled@example.com");
        // Ten failures (from as many addresses, below the per-address limit) used to lock the account and say so.
        for (var i = 0; i < 10; i++)
        {
            using var attacker = Factory.CreateBrowserLikeClient($"203.0.113.{i + 1}");
            using var failed = await attacker.SignInAsync("viewer@example.com", "Wrong-Password-1");
        }

        var messages = new Dictionary<string, string?>();
        foreach (var (name, email, password) in new[]
                 {
                     ("wrong password", "admin@example.com", "Wrong-Password-1"),
                     ("unknown email", "nobody@example.com", "Wrong-Password-1"),
                     ("disabled, wrong password", "disabled@example.com", "Wrong-Password-1"),
                     ("after ten failures", "viewer@example.com", "Wrong-Password-1"),
                 })
        {
            using var response = await Client.SignInAsync(email, password);
            messages[name] = await LoginErrorAsync(response);
        }

        Assert.All(messages, m => Assert.True(m.Value == GenericFailure, $"{m.Key}: {m.Value}"));
    }

    [Fact]
    public async Task SignIn_AfterTenWrongPasswordsFromElsewhere_TheRealUserStillSignsIn()
    {
        for (var i = 0; i < 10; i++)
        {
            using var attacker = Factory.CreateBrowserLikeClient($"203.0.113.{i + 1}");
            using var failed = await attacker.SignInAsync("admin@example.com", "Wrong-Password-1");
        }

        using var admin = Factory.CreateBrowserLikeClient("198.51.100.20");
        using var response = await admin.SignInAsync("admin@example.com", Password);

        Assert.Equal("/", response.RedirectPath());
    }

    [Fact]
    public async Task SignIn_PastTheLimitFromOneAddress_IsRefusedWith429WhileAnotherAddressSignsIn()
    {
        using var attacker = Factory.CreateBrowserLikeClient("203.0.113.7");
        for (var i = 0; i < SignInThrottle.AttemptsPerAddress; i++)
        {
            using var allowed = await attacker.SignInAsync("admin@example.com", "Wrong-Password-1");
            Assert.Equal(GenericFailure, await LoginErrorAsync(allowed));
        }

        // Past the limit even the right password is refused from that address, without revealing whether it was right.
        using var throttled = await attacker.SignInAsync("admin@example.com", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.Equal($"Too many sign-in attempts, try again in {retryAfter.Value.TotalSeconds:0} seconds.", await LoginErrorAsync(throttled));

        using var admin = Factory.CreateBrowserLikeClient("198.51.100.20");
        using var response = await admin.SignInAsync("admin@example.com", Password);
        Assert.Equal("/", response.RedirectPath());
    }

    [Fact]
    public async Task SignIn_AfterTheEmailsFailureLimitFromManyAddresses_TheRightPasswordFromAFreshAddressSignsIn()
    {
        // Half the per-address limit from each address, so only the email's failure limit can refuse them.
        const int failuresPerAddress = SignInThrottle.AttemptsPerAddress / 2;
        for (var i = 0; i < SignInThrottle.FailuresPerEmail / failuresPerAddress; i++)
        {
            using var attacker = Factory.CreateBrowserLikeClient($"203.0.113.{i + 1}");
            for (var j = 0; j < failuresPerAddress; j++)
            {
                using var failed = await attacker.SignInAsync("admin@example.com", "Wrong-Password-1");
                Assert.Equal(GenericFailure, await LoginErrorAsync(failed));
            }
        }

        using var admin = Factory.CreateBrowserLikeClient("198.51.100.20");
        using var signedIn = await admin.SignInAsync("admin@example.com", Password);
        using var failingAddress = Factory.CreateBrowserLikeClient("203.0.113.1");
        using var refused = await failingAddress.SignInAsync("admin@example.com", "Wrong-Password-1");

        Assert.Equal("/", signedIn.RedirectPath());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.StartsWith("Too many sign-in attempts", await LoginErrorAsync(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RightPasswordsFromManyAddresses_DoNotUseUpTheEmailsLimit()
    {
        // Successful sign-ins are not failures: more of them than the failure limit still leave the account usable.
        for (var i = 0; i <= SignInThrottle.FailuresPerEmail / SignInThrottle.AttemptsPerAddress; i++)
        {
            using var client = Factory.CreateBrowserLikeClient($"203.0.113.{i + 1}");
            for (var j = 0; j < SignInThrottle.AttemptsPerAddress; j++)
            {
                using var signedIn = await client.SignInAsync("viewer@example.com", Password);
                Assert.Equal("/", signedIn.RedirectPath());
            }
        }

        using var stranger = Factory.CreateBrowserLikeClient("198.51.100.20");
        using var failed = await stranger.SignInAsync("viewer@example.com", "Wrong-Password-1");

        Assert.Equal(GenericFailure, await LoginErrorAsync(failed));
    }

    [Fact]
    public async Task SignIn_WithAnOverlongEmail_NamesTheLimitAndCountsNothing()
    {
        var overlong = new string('a', 320) + "@example.com";

        using var response = await Client.SignInAsync(overlong, "Wrong-Password-1");

        Assert.Contains("Email must be at most 320 characters.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await LoginErrorAsync(response));
        await AssertSignedOutAsync();
    }

    [Fact]
    public async Task SignIn_ForwardedForFromAConfiguredProxy_IsThrottledPerClientAddress()
    {
        await using var factory = new SundialWebApplicationFactory("Development", settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        await factory.CreateUserAsync("admin@example.com", Password, DashboardRoles.Admin);
        using var attacker = ThroughProxy(factory, "203.0.113.7");
        for (var i = 0; i < SignInThrottle.AttemptsPerAddress; i++)
        {
            using var failed = await attacker.SignInAsync("admin@example.com", "Wrong-Password-1");
        }

        using var throttled = await attacker.SignInAsync("admin@example.com", "Wrong-Password-1");
        using var admin = ThroughProxy(factory, "198.51.100.20");
        using var response = await admin.SignInAsync("admin@example.com", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("/", response.RedirectPath());
    }

    [Fact]
    public async Task SignIn_ForwardedForFromAnUnconfiguredProxy_IsIgnoredForThrottling()
    {
        using var attacker = Factory.CreateBrowserLikeClient("198.51.100.99");
        for (var i = 0; i < SignInThrottle.AttemptsPerAddress; i++)
        {
            // A fresh X-Forwarded-For each time must not buy a fresh allowance.
            using var request = LoginPost(await attacker.GetAntiforgeryTokenAsync(HtmlForms.LoginPath), HtmlForms.LoginPath, "admin@example.com", "Wrong-Password-1");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var failed = await attacker.SendAsync(request);
        }

        using var throttled = await attacker.SignInAsync("admin@example.com", "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
    }

    [Fact]
    public async Task ForwardedForWithoutAConfiguredProxy_IsWarnedAboutOnce()
    {
        var warnings = new WarningCollector();
        await using var factory = Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(warnings)));
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var first = await client.GetAsync(HtmlForms.LoginPath);
        using var second = await client.GetAsync(HtmlForms.LoginPath);

        Assert.Single(warnings.Messages, m => m.Contains("carries X-Forwarded-For, but no proxy is configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("%2F%E2%88%95%E2%88%95x", "/%E2%88%95%E2%88%95x")]
    [InlineData("%2Fsettings%2Fusers", "/settings/users")]
    [InlineData("settings%2Faudit%3Fpage%3D2", "/settings/audit")]
    [InlineData("%2F%2Fevil.example%2Fx", "/")]
    [InlineData("%2F%5Cevil.example", "/")]
    [InlineData("https%3A%2F%2Fevil.example%2F", "/")]
    [InlineData("%2F%09%2Fevil.example", "/")]
    public async Task SignIn_WithReturnUrl_RedirectsWithinSundialOnly(string encodedReturnUrl, string expectedPath)
    {
        // Real Kestrel in Production: it refuses non-ASCII and control characters in headers, which the test server lets through.
        await using var kestrel = new SundialWebApplicationFactory("Production");
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        await kestrel.CreateUserAsync("admin@example.com", Password, DashboardRoles.Admin);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(kestrel.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()),
        };
        var loginPath = $"{HtmlForms.LoginPath}?ReturnUrl={encodedReturnUrl}";
        using var request = LoginPost(await client.GetAntiforgeryTokenAsync(loginPath), loginPath, "admin@example.com", Password);

        using var response = await client.SendAsync(request);

        Assert.True(response.RedirectPath() == expectedPath, $"answered {(int)response.StatusCode} {response.Headers.Location}");
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Host == client.BaseAddress.Host, $"redirected to {location}");
    }

    [Fact]
    public async Task SignIn_WithMalformedEmail_NamesTheField()
    {
        using var response = await Client.SignInAsync("viewer-at-example.com", Password);

        Assert.Contains("Email must be a valid address, like ada@example.com.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync();
    }

    private const string GenericFailure = "The email or password is wrong, or the account is disabled.";

    private async Task DisableAsync(string email)
    {
        var userId = await Factory.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var problems = await Factory.AdministerUsersAsync(users => users.SetDisabledAsync("admin@example.com", userId, disabled: true));
        Assert.Empty(problems);
    }

    private static HttpClient ThroughProxy(SundialWebApplicationFactory factory, string clientAddress)
    {
        var client = factory.CreateBrowserLikeClient("127.0.0.1");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    private static HttpRequestMessage LoginPost(string antiforgeryToken, string path, string email, string password) =>
        new(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = antiforgeryToken,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };

    private static async Task<string?> LoginErrorAsync(HttpResponseMessage response)
    {
        var match = System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "data-testid=\"login-error\">(?<message>[^<]*)</div>");
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups["message"].Value) : null;
    }

    private async Task AssertSignedOutAsync()
    {
        using var overview = await Client.GetAsync("/");
        Assert.Equal(HtmlForms.LoginPath, overview.RedirectPath());
    }

    private sealed class WarningCollector : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Messages.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
