using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Security;

/// <summary>What an outsider sees of a Production installation: headers on every response, no anonymous API reference, no demo keys.</summary>
public sealed partial class ProductionHardeningTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Password = "Correct-Horse-42";

    // The values of appsettings.Development.json, which anyone can read in the repository.
    private static readonly Dictionary<string, string?> DemoSettings = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:ApiKey"] = "sdl_demo_8d3f2a61c9b04e7d95a1f0c2b6e4d873",
        ["Demo:LaunchDarklySdkKey"] = "sdk-demo-00000000-0000-4000-8000-000000000001",
    };

    private readonly SundialWebApplicationFactory production = new("Production");

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => production.DisposeAsync();

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/")]
    public async Task ApiReference_InProduction_NeedsASignedInUser(string path)
    {
        await production.CreateUserAsync("viewer@example.com", Password, DashboardRoles.Viewer);
        using var anonymous = production.CreateBrowserLikeClient();
        using var viewer = production.CreateBrowserLikeClient();
        await viewer.SignInAsync("viewer@example.com", Password);

        using var refused = await anonymous.GetAsync(path);
        using var shown = await viewer.GetAsync(path);

        Assert.Equal(HtmlForms.LoginPath, refused.RedirectPath());
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task ApiReference_InDevelopment_IsOpen()
    {
        await using var development = new SundialWebApplicationFactory();
        using var anonymous = development.CreateBrowserLikeClient();

        using var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/api/v1/environments")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = production.CreateBrowserLikeClient();

        using var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task Page_InlineImportMap_CarriesTheNonceItsPolicyAllows()
    {
        using var client = production.CreateBrowserLikeClient();

        using var response = await client.GetAsync(HtmlForms.LoginPath);

        var nonce = ScriptNonce().Match(Header(response, "Content-Security-Policy"));
        Assert.True(nonce.Success, "script-src has no nonce");
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce.Groups["nonce"].Value}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoKeys_OfADevelopmentSeededDatabase_AreRefusedWhenItRunsInProduction()
    {
        var folder = TestDatabase.CreateEmptyFolder();
        try
        {
            await using (var development = new SundialWebApplicationFactory("Development", DemoSettings, folder))
            {
                using var client = development.CreateClient();
                using var accepted = await client.SendAsync(ListEnvironments(DemoSettings["Demo:ApiKey"]!));
                Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            }

            await using var restarted = new SundialWebApplicationFactory("Production", DemoSettings, folder);
            using var productionClient = restarted.CreateClient();

            using var apiKey = await productionClient.SendAsync(ListEnvironments(DemoSettings["Demo:ApiKey"]!));
            using var sdkKey = await productionClient.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/bulk")
            {
                Headers = { { "Authorization", DemoSettings["Demo:LaunchDarklySdkKey"] } },
                Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json"),
            });

            Assert.Equal(HttpStatusCode.Unauthorized, apiKey.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, sdkKey.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HttpRequestMessage ListEnvironments(string apiKey) =>
        new(HttpMethod.Get, "/api/v1/environments") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) } };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [GeneratedRegex("script-src [^;]*'nonce-(?<nonce>[^']+)'")]
    private static partial Regex ScriptNonce();
}
