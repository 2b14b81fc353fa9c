using System.Globalization;
using System.Net;
using Dashboard.Api;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Security;

/// <summary>
/// Every routable page and endpoint must refuse an anonymous caller unless its pattern is on the one allow-list,
/// <see cref="AnonymousEndpoints.RoutePatterns"/> (plus <see cref="AnonymousEndpoints.DevelopmentOnlyRoutePatterns"/> in
/// Development). A new page or API without a policy fails here.
/// </summary>
public sealed class AuthorizationSweepTests(SundialWebApplicationFactory factory) : IClassFixture<SundialWebApplicationFactory>, IDisposable
{
    private readonly HttpClient client = factory.CreateBrowserLikeClient();

    public void Dispose() => client.Dispose();

    [Fact]
    public async Task EveryEndpointOutsideTheAllowList_RefusesAnAnonymousCaller() =>
        await AssertRefusedAnonymouslyAsync(factory, client, [.. AnonymousEndpoints.RoutePatterns, .. AnonymousEndpoints.DevelopmentOnlyRoutePatterns]);

    [Fact]
    public async Task InProduction_EveryEndpointOutsideTheAllowList_RefusesAnAnonymousCaller()
    {
        await using var production = new SundialWebApplicationFactory("Production");
        using var productionClient = production.CreateBrowserLikeClient();

        await AssertRefusedAnonymouslyAsync(production, productionClient, AnonymousEndpoints.RoutePatterns);
    }

    private static async Task AssertRefusedAnonymouslyAsync(SundialWebApplicationFactory app, HttpClient anonymous, IEnumerable<string> allowList)
    {
        var endpoints = RouteEndpoints(app).Where(e => !IsAllowListed(e, allowList)).ToList();
        // Guards against a sweep that silently finds nothing to check.
        Assert.Contains(endpoints, e => Normalize(e.RoutePattern.RawText) == "/");
        Assert.Contains(endpoints, e => Normalize(e.RoutePattern.RawText) == "/settings/users");

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var method = RequestMethod(endpoint);
            var path = SamplePath(endpoint.RoutePattern);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await anonymous.SendAsync(request);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized || response.RedirectPath() == HtmlForms.LoginPath;
            if (!refused)
            {
                failures.Add($"{method} {path} (pattern {endpoint.RoutePattern.RawText}) answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "Reachable without signing in (add a policy, or add the pattern to AnonymousEndpoints on purpose):\n" + string.Join('\n', failures));
    }

    [Fact]
    public void EveryAllowListedPattern_IsARealRoute()
    {
        var patterns = RouteEndpoints(factory).Select(e => Normalize(e.RoutePattern.RawText)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var stale = AnonymousEndpoints.RoutePatterns.Concat(AnonymousEndpoints.DevelopmentOnlyRoutePatterns).Where(p => !patterns.Contains(Normalize(p))).ToList();

        Assert.True(stale.Count == 0, "Allow-listed patterns that no endpoint has: " + string.Join(", ", stale));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/account/login")]
    [InlineData("/setup")]
    public async Task AllowListedPages_AnswerAnAnonymousCaller(string path)
    {
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static IEnumerable<RouteEndpoint> RouteEndpoints(SundialWebApplicationFactory app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // Files from wwwroot and Razor class libraries (css, js, fonts) are public by nature; they carry no data.
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null);

    private static bool IsAllowListed(RouteEndpoint endpoint, IEnumerable<string> allowList) =>
        allowList.Any(p => string.Equals(Normalize(p), Normalize(endpoint.RoutePattern.RawText), StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string? pattern)
    {
        var trimmed = (pattern ?? "").Trim().TrimEnd('/');
        return trimmed.StartsWith('/') ? trimmed : "/" + trimmed;
    }

    /// <summary>GET where the endpoint answers GET (or any method); otherwise the first method it declares, e.g. POST.</summary>
    private static string RequestMethod(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        return methods is null || methods.Count == 0 || methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) ? HttpMethods.Get : methods[0];
    }

    /// <summary>The pattern with each parameter replaced by a value its constraints accept.</summary>
    private static string SamplePath(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => SampleValue(parameter),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    private static string SampleValue(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        return constraints switch
        {
            _ when constraints.Contains("int") || constraints.Contains("long") => "1",
            _ when constraints.Contains("guid") => Guid.Empty.ToString(),
            _ when constraints.Contains("file") => "sample.txt",
            _ when parameter.Name.Contains("document", StringComparison.OrdinalIgnoreCase) => "v1",
            _ => "sample-" + parameter.Name.ToLower(CultureInfo.InvariantCulture),
        };
    }
}
