using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Data.Entities;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class PolicyApiTests : IClassFixture<TimelinesApiFactory>
{
    private readonly TimelinesApiFactory factory;
    private readonly string policyKey;
    private readonly string ingestOnlyKey;
    private readonly string flagKey = "flag-" + Guid.NewGuid().ToString("N")[..8];

    public PolicyApiTests(TimelinesApiFactory factory)
    {
        this.factory = factory;
        _ = factory.Server; // starts the app, which migrates and creates the default environment
        using var db = factory.Database.CreateDbContext();
        var production = db.Environments.Single(e => e.IsDefault);
        if (!db.Environments.Any(e => e.Key == "partner-api"))
        {
            factory.Database.AddEnvironment("partner-api", VersionScheme.Date, isDefault: false);
        }

        var flag = factory.Database.AddFlag(production.Id, flagKey);
        factory.Database.AddPlan(flag, DateTime.UtcNow.AddDays(-30), DateTime.UtcNow.AddDays(60));
        policyKey = factory.Database.AddApiKey(production.Id, ApiKeyScopes.Policy);
        ingestOnlyKey = factory.Database.AddApiKey(production.Id, ApiKeyScopes.Ingest);
    }

    private async Task<HttpResponseMessage> GetAsync(string query, string? key = null, string? ifNoneMatch = null)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/policy?" + query);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Policy_OldVersion_AnswersJsonAndTheHeadersToCopy()
    {
        using var response = await GetAsync($"flag={flagKey}&apiVersion=1.0.0", policyKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("@", response.Headers.GetValues("Deprecation").Single(), StringComparison.Ordinal);
        Assert.EndsWith(" GMT", response.Headers.GetValues("Sunset").Single(), StringComparison.Ordinal);
        Assert.Equal(2, response.Headers.GetValues("Link").Count());
        Assert.Contains("max-age=", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("deprecated", body.GetProperty("state").GetString());
        Assert.True(body.GetProperty("affected").GetBoolean());
    }

    [Theory]
    [InlineData(HostileStrings.NonAsciiUrl, HostileStrings.NonAsciiUrlEncoded)]
    [InlineData("https://bücher.example/a b", "https://xn--bcher-kva.example/a%20b")]
    [InlineData("https://docs.example.com/x\r\nSet-Cookie: a=b", "https://docs.example.com/x%0D%0ASet-Cookie:%20a=b")]
    [InlineData("not a url\u202E<ü>", "not%20a%20url%E2%80%AE%3C%C3%BC%3E")]
    public async Task Policy_GuideUrlStoredBeforeValidation_AnswersWithAPercentEncodedLink(string stored, string encoded)
    {
        var otherFlag = "flag-" + Guid.NewGuid().ToString("N")[..8];
        using (var db = factory.Database.CreateDbContext())
        {
            var flag = factory.Database.AddFlag(db.Environments.Single(e => e.IsDefault).Id, otherFlag);
            factory.Database.AddPlan(flag, DateTime.UtcNow.AddDays(-30), DateTime.UtcNow.AddDays(60), p => p.MigrationGuideUrl = stored);
        }

        using var response = await GetAsync($"flag={otherFlag}&apiVersion=1.0.0", policyKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"<{encoded}>; rel=\"deprecation\"; type=\"text/html\"", $"<{encoded}>; rel=\"sunset\""], response.Headers.GetValues("Link"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"<{encoded}>; rel=\"sunset\"", body.GetProperty("headers").GetProperty("link")[1].GetString());
    }

    /// <summary>Kestrel, unlike the in-memory test server, refuses a non-ASCII header value: this is where the 500 came from.</summary>
    [Fact]
    public async Task Policy_OverKestrel_NonAsciiGuideUrlStoredBeforeValidation_Answers200WithAnAsciiLink()
    {
        using var kestrel = new TimelinesApiFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        int environmentId;
        using (var db = kestrel.Database.CreateDbContext())
        {
            environmentId = db.Environments.Single(e => e.IsDefault).Id;
        }

        var flag = kestrel.Database.AddFlag(environmentId, flagKey);
        kestrel.Database.AddPlan(flag, DateTime.UtcNow.AddDays(-30), DateTime.UtcNow.AddDays(60), p => p.MigrationGuideUrl = HostileStrings.NonAsciiUrl);
        using var client = kestrel.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/policy?flag={flagKey}&apiVersion=1.0.0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", kestrel.Database.AddApiKey(environmentId, ApiKeyScopes.Policy));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"<{HostileStrings.NonAsciiUrlEncoded}>; rel=\"sunset\"", response.Headers.GetValues("Link").Last());
    }

    [Fact]
    public async Task Policy_SameETag_Answers304WithoutBody()
    {
        using var first = await GetAsync($"flag={flagKey}&apiVersion=1.0.0", policyKey);
        var etag = first.Headers.ETag!.Tag;

        using var second = await GetAsync($"flag={flagKey}&apiVersion=1.0.0", policyKey, etag);
        using var otherVersion = await GetAsync($"flag={flagKey}&apiVersion=2.0.0", policyKey, etag);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, otherVersion.StatusCode);
    }

    [Theory]
    [InlineData("1.0.0.0.0")]
    [InlineData("%F0%9F%92%A5")]
    [InlineData("latest")]
    public async Task Policy_MalformedVersion_IsInvalidNotAServerError(string version)
    {
        using var response = await GetAsync($"flag={flagKey}&apiVersion={version}", policyKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid", body.GetProperty("apiVersionStatus").GetString());
    }

    [Fact]
    public async Task Policy_WithoutFlag_IsAProblemNamingTheField()
    {
        var problem = await ProblemAsync(await GetAsync("apiVersion=1.0.0", policyKey), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("flag", out _));
    }

    [Fact]
    public async Task Policy_UnknownFlag_Is404Problem()
    {
        var problem = await ProblemAsync(await GetAsync("flag=no-such-flag", policyKey), HttpStatusCode.NotFound);

        Assert.Contains("no-such-flag", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_UnknownEnvironment_Is404Problem()
    {
        await ProblemAsync(await GetAsync($"flag={flagKey}&environment=staging", policyKey), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Policy_AnotherKeysEnvironment_Is404LikeAnUnknownOne()
    {
        var problem = await ProblemAsync(await GetAsync($"flag={flagKey}&environment=partner-api", policyKey), HttpStatusCode.NotFound);

        Assert.Contains("partner-api", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_KeyWithoutPolicyScope_Is403Problem()
    {
        await ProblemAsync(await GetAsync($"flag={flagKey}", ingestOnlyKey), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Policy_WithoutKey_Is401Problem()
    {
        await ProblemAsync(await GetAsync($"flag={flagKey}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Policy_OverlongValue_IsAProblemNamingTheField()
    {
        var problem = await ProblemAsync(await GetAsync($"flag={flagKey}&consumer={new string('x', 300)}", policyKey), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("consumer", out _));
    }

    [Fact]
    public void PolicyState_IsSerialisedInLowerCase()
    {
        Assert.Equal("\"brownout\"", JsonSerializer.Serialize(PolicyState.Brownout, Dashboard.Api.PolicyEndpoints.Json));
    }
}
