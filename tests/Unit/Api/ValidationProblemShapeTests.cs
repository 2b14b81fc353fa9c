using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dashboard.Data.Entities;
using Dashboard.Tests.Unit.Timelines;

namespace Dashboard.Tests.Unit.Api;

/// <summary>
/// Every API family that refuses bad input answers the same shape: 400, <c>application/problem+json</c>, a title and
/// <c>errors</c> keyed by the field as the request named it. Before one conversion existed, flag data answered a list
/// and each family built its own dictionary.
/// </summary>
public sealed class ValidationProblemShapeTests : IClassFixture<TimelinesApiFactory>
{
    private readonly TimelinesApiFactory factory;
    private readonly string key;
    private readonly string environment;
    private readonly string flagKey = "flag-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int planId;
    private readonly int environmentId;

    public ValidationProblemShapeTests(TimelinesApiFactory factory)
    {
        this.factory = factory;
        _ = factory.Server;
        using var db = factory.Database.CreateDbContext();
        var production = db.Environments.Single(e => e.IsDefault);
        environment = production.Key;
        environmentId = production.Id;
        var flag = factory.Database.AddFlag(production.Id, flagKey);
        planId = factory.Database.AddPlan(flag, DateTime.UtcNow.AddDays(-10), DateTime.UtcNow.AddDays(80), p => p.Status = PlanStatus.Deprecated).Id;
        key = factory.Database.AddApiKey(production.Id, ApiKeyScopes.All);
    }

    public static TheoryData<string, string, string?, string> BadRequests => new()
    {
        // Plans: the validator's errors, a JSON body that cannot be read, a query value out of range.
        { "POST", "/api/v1/plans", """{"flagKey":"{flag}","title":""}""", "title" },
        { "POST", "/api/v1/plans", """{"flagKey":"{flag}","title":5}""", "title" },
        { "GET", "/api/v1/plans/{plan}/affected-consumers?windowDays=0", null, "windowDays" },
        // Campaigns: the service's errors and the endpoint's paging check.
        { "POST", "/api/v1/campaigns", """{"planId":{plan},"templateId":999999,"name":""}""", "name" },
        { "GET", "/api/v1/suppressions?pageSize=0", null, "pageSize" },
        // Read API: a flag-consumer filter refused deep in the query, and paging.
        { "GET", "/api/v1/environments/{env}/flags/{flag}/consumers?minApiVersion=one", null, "minApiVersion" },
        { "GET", "/api/v1/environments/{env}/flags?page=0", null, "page" },
        // Flag data and evaluation.
        { "PUT", "/api/v1/environments/{env}/flag-data", """{"flags":{"broken":{"key":"broken","on":"yes","variations":[true,false]}}}""", "body" },
        { "POST", "/api/v1/environments/{env}/evaluate", "{}", "context" },
        // Ingest, policy and unsubscribe.
        { "POST", "/api/v1/evaluations", """{"events":[]}""", "events" },
        { "GET", "/api/v1/policy", null, "flag" },
        { "POST", "/unsubscribe/not-a-token", null, "token" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInput_AnswersValidationProblemNamingTheField(string method, string path, string? body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
        }

        using var client = factory.CreateClient();
        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        var problem = json.RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var messages = problem.GetProperty("errors").GetProperty(field);
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
    }

    [Fact]
    public async Task CreatePlan_ShortNotice_IsSavedAndAnswersWarningsKeyedByField()
    {
        var otherFlag = "flag-" + Guid.NewGuid().ToString("N")[..8];
        factory.Database.AddFlag(environmentId, otherFlag);
        var body = $$"""
            {"flagKey":"{{otherFlag}}","title":"Retire v1","retiredVariations":[1],
             "deprecationAt":"{{DateTime.UtcNow.AddDays(10):O}}","sunsetAt":"{{DateTime.UtcNow.AddDays(20):O}}"}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/plans") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var client = factory.CreateClient();
        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Contains("days of notice", json.RootElement.GetProperty("warnings").GetProperty("sunsetAt")[0].GetString(), StringComparison.Ordinal);
    }

    private string Fill(string text) =>
        text.Replace("{flag}", flagKey, StringComparison.Ordinal)
            .Replace("{plan}", planId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{env}", environment, StringComparison.Ordinal);
}
