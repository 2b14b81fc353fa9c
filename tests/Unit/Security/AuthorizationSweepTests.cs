using System.Globalization;
using System.Net;
using Dashboard.Api;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task EveryApiEndpoint_WithAKeyOfAnotherEnvironment_RevealsAndChangesNothingOfIt()
    {
        // A victim environment whose data carries a marker wherever the caller cannot have typed it (names, titles,
        // addresses; keys appear in URLs and may be echoed), and an all-scopes key of another environment.
        const string Marker = "victim-secret";
        var data = new TestDataBuilder(DateTimeOffset.UtcNow);
        var victim = data.Environment("victim-env");
        victim.Name = Marker + " environment";
        var attacker = data.Environment("attacker-env");
        var flag = data.Flag(victim, "victim-flag", legacyVariations: [0]);
        flag.Name = Marker + " flag";
        var consumer = data.Consumer(victim, "victim-consumer");
        consumer.DisplayName = Marker + " consumer";
        data.Contact(consumer, Marker + "-contact@example.com", name: Marker + " contact");
        data.Rollup(flag, consumer, variation: 0, count: 5, age: TimeSpan.FromHours(1));
        var plan = data.Plan(flag, Marker + " plan title", deprecationInDays: 30, sunsetInDays: 120);
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await data.SaveAsync(dbFactory);
        const string AttackerKey = "sdl_test_sweep_attacker_all_scopes_01";
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Suppressions.AddRange(
                new Suppression { Email = Marker + "-unsubscribed@example.com", PlanId = plan.Id, Reason = "unsubscribed", CreatedAt = DateTime.UtcNow },
                new Suppression { Email = Marker + "-contact@example.com", Reason = "bounced", CreatedAt = DateTime.UtcNow });
            db.ApiKeys.Add(new ApiKey
            {
                Name = "sweep attacker", EnvironmentId = attacker.Id, Prefix = ApiKeySecrets.DisplayPrefix(AttackerKey), SecretHash = ApiKeySecrets.Hash(AttackerKey),
                Scopes = ApiKeyScopes.Ingest | ApiKeyScopes.Policy | ApiKeyScopes.Read | ApiKeyScopes.Manage, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var before = await VictimStateAsync(dbFactory, victim.Id);
        var endpoints = RouteEndpoints(factory)
            .Where(e => Normalize(e.RoutePattern.RawText).StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase) && !Normalize(e.RoutePattern.RawText).StartsWith("/api/v1/ld/", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Contains(endpoints, e => Normalize(e.RoutePattern.RawText) == "/api/v1/suppressions");

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var method = RequestMethod(endpoint);
            // Every parameter names the victim's data; an environment query parameter names the victim too.
            var path = SamplePath(endpoint.RoutePattern, (segment, parameter) => parameter.Name switch
            {
                "env" => victim.Key,
                "id" => plan.Id.ToString(CultureInfo.InvariantCulture),
                "consumer" => consumer.Key,
                "key" when segment == "consumers" => consumer.Key,
                "key" => flag.Key,
                _ => null,
            }) + "?environment=" + victim.Key + "&flag=" + flag.Key;
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AttackerKey);
            if (method != HttpMethods.Get && method != HttpMethods.Delete)
            {
                request.Content = new StringContent("{\"flagKey\":\"" + flag.Key + "\",\"context\":{\"key\":\"x\"},\"planId\":" + plan.Id + "}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (body.Contains(Marker, StringComparison.OrdinalIgnoreCase) || response.Headers.Location?.ToString().Contains(Marker, StringComparison.OrdinalIgnoreCase) == true)
            {
                failures.Add($"{method} {path} answered {(int)response.StatusCode} with the other environment's data: {body[..Math.Min(body.Length, 300)]}");
            }
            else if ((int)response.StatusCode >= 500)
            {
                // A crash reveals nothing either, but it is no answer: the sweep must see the endpoint refuse.
                failures.Add($"{method} {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, "A key reached another environment's data or crashed on it (resolve the environment with ApiEnvironmentResolver):\n" + string.Join('\n', failures));
        Assert.Equal(before, await VictimStateAsync(dbFactory, victim.Id));
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

    /// <summary>
    /// The pattern with each parameter replaced by <paramref name="value"/> (given the literal segment before it), or else
    /// by a value its constraints accept.
    /// </summary>
    private static string SamplePath(RoutePattern pattern, Func<string, RoutePatternParameterPart, string?>? value = null)
    {
        var previous = "";
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            segments.Add(string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => value?.Invoke(previous, parameter) ?? SampleValue(parameter),
                _ => "",
            })));
            previous = segment.Parts is [RoutePatternLiteralPart only] ? only.Content : "";
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>Everything a foreign key could change in the victim environment, summarised.</summary>
    private static async Task<string> VictimStateAsync(IDbContextFactory<DashboardDbContext> dbFactory, int environmentId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var plans = await db.DeprecationPlans.AsNoTracking().Where(p => p.EnvironmentId == environmentId)
            .Select(p => new { p.Title, p.Status, p.SunsetAt, p.UpdatedAt }).ToListAsync();
        return string.Join(';', plans.Select(p => $"{p.Title}|{p.Status}|{p.SunsetAt:O}|{p.UpdatedAt:O}"))
            + $";extensions={await db.ConsumerExtensions.CountAsync(x => db.DeprecationPlans.Any(p => p.Id == x.PlanId && p.EnvironmentId == environmentId))}"
            + $";flags={await db.Flags.CountAsync(f => f.EnvironmentId == environmentId)}"
            + $";snapshots={await db.FlagSnapshots.CountAsync(f => f.EnvironmentId == environmentId)}"
            + $";campaigns={await db.Campaigns.CountAsync(c => c.Plan!.EnvironmentId == environmentId)}"
            + $";evaluations={await db.EvaluationRollups.Where(r => r.EnvironmentId == environmentId).SumAsync(r => (long?)r.Count)}";
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
