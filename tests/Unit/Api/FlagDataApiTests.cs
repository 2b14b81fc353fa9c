using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Api;

public sealed class FlagDataApiTests : IAsyncLifetime, IDisposable
{
    private const string FlagData = """
        {
          "flags": {
            "use-new-response-format": {
              "key": "use-new-response-format", "version": 3, "on": true, "salt": "s",
              "rules": [ { "id": "v2", "variation": 0, "clauses": [ { "contextKind": "request", "attribute": "apiVersion", "op": "semVerLessThan", "negate": true, "values": [ "2.0.0" ] } ] } ],
              "fallthrough": { "variation": 1 }, "offVariation": 1, "variations": [ true, false ]
            },
            "offline-sync": { "key": "offline-sync", "version": 1, "on": false, "salt": "s", "fallthrough": { "variation": 0 }, "offVariation": 1, "variations": [ "on", "off" ] }
          }
        }
        """;

    private SundialWebApplicationFactory factory = default!;
    private string manageKey = "";
    private string readKey = "";
    private string stagingKey = "";

    public async Task InitializeAsync()
    {
        factory = new SundialWebApplicationFactory();
        factory.CreateClient().Dispose();
        manageKey = ApiKeySecrets.Create();
        readKey = ApiKeySecrets.Create();
        stagingKey = ApiKeySecrets.Create();
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Dashboard.Data.DashboardDbContext>>().CreateDbContextAsync();
        var production = await db.Environments.SingleAsync(e => e.Key == "production");
        var staging = new DashboardEnvironment { Key = "staging", Name = "Staging" };
        db.Environments.Add(staging);
        await db.SaveChangesAsync();
        db.ApiKeys.AddRange(
            Key("manage", production.Id, manageKey, ApiKeyScopes.Manage | ApiKeyScopes.Read),
            Key("read", production.Id, readKey, ApiKeyScopes.Read),
            Key("staging", staging.Id, stagingKey, ApiKeyScopes.Manage | ApiKeyScopes.Read));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    // The analyzer wants a synchronous path too; disposing the factory twice is harmless.
    public void Dispose() => factory?.Dispose();

    private static ApiKey Key(string name, int environmentId, string secret, ApiKeyScopes scopes) => new()
    {
        Name = name, EnvironmentId = environmentId, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret), Scopes = scopes,
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, string body)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }

    private async Task PutFlagDataAsync()
    {
        using var response = await SendAsync(HttpMethod.Put, "/api/v1/environments/production/flag-data", manageKey, FlagData);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Evaluate_AfterPutFlagData_AnswersLikeVariationDetail()
    {
        await PutFlagDataAsync();

        using var v2 = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", readKey,
            """{"flagKey":"use-new-response-format","context":{"kind":"request","key":"r-1","apiVersion":"2.0.0"},"default":false}""");
        using var v1 = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", readKey,
            """{"flagKey":"use-new-response-format","context":{"kind":"request","key":"r-1","apiVersion":"1.9.9"},"default":false}""");

        Assert.Equal("""{"value":true,"variationIndex":0,"reason":{"kind":"RULE_MATCH","ruleIndex":0,"ruleId":"v2"}}""", await v2.Content.ReadAsStringAsync());
        Assert.Equal("""{"value":false,"variationIndex":1,"reason":{"kind":"FALLTHROUGH"}}""", await v1.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EvaluateAll_ReturnsEveryFlagForTheContext()
    {
        await PutFlagDataAsync();

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate-all", readKey,
            """{"context":{"kind":"request","key":"r-1","apiVersion":"2.1.0"}}""");

        Assert.Equal(
            """{"flags":{"offline-sync":{"value":"off","variationIndex":1,"reason":{"kind":"OFF"}},"use-new-response-format":{"value":true,"variationIndex":0,"reason":{"kind":"RULE_MATCH","ruleIndex":0,"ruleId":"v2"}}}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PutFlagData_InvalidData_ProblemListsErrorsAndStoresNothing()
    {
        using var response = await SendAsync(HttpMethod.Put, "/api/v1/environments/production/flag-data", manageKey,
            """{"flags":{"broken":{"key":"broken","on":"yes","variations":[true,false]}}}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("broken", problem.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.QueryAsync(db => db.FlagSnapshots.CountAsync()));
    }

    [Fact]
    public async Task PutFlagData_WithReadOnlyKey_IsForbidden()
    {
        using var response = await SendAsync(HttpMethod.Put, "/api/v1/environments/production/flag-data", readKey, FlagData);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await factory.QueryAsync(db => db.FlagSnapshots.CountAsync()));
    }

    [Fact]
    public async Task Evaluate_BadJson_ProblemNamesTheBody()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", readKey, """{"flagKey":""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("The body is not valid JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ContextWithoutKeyAndNoFlagKey_ProblemNamesBothFields()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", readKey, """{"context":{"kind":"request"}}""");

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("flagKey", out _));
        Assert.StartsWith("The context is invalid", errors.GetProperty("context")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_UnknownFlag_NotFoundProblemWithLaunchDarklysReason()
    {
        await PutFlagDataAsync();

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", readKey,
            """{"flagKey":"no-such-flag","context":{"kind":"request","key":"r-1"}}""");

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("""{"kind":"ERROR","errorKind":"FLAG_NOT_FOUND"}""", problem.GetProperty("reason").GetRawText());
    }

    [Fact]
    public async Task Evaluate_AnotherEnvironmentOrUnknownOne_IsForbiddenForThisKey()
    {
        using var other = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", stagingKey,
            """{"flagKey":"use-new-response-format","context":{"kind":"request","key":"r-1"}}""");
        using var unknown = await SendAsync(HttpMethod.Put, "/api/v1/environments/nowhere/flag-data", manageKey, FlagData);

        Assert.Contains("belongs to environment \"staging\"", (await ProblemAsync(other, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(unknown, HttpStatusCode.Forbidden);
        Assert.Equal(0, await factory.QueryAsync(db => db.FlagSnapshots.CountAsync()));
    }

    [Fact]
    public async Task Evaluate_WithoutKey_IsUnauthorized()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/environments/production/evaluate", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
