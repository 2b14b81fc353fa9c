using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Data.Entities;
using Dashboard.Flags;
using Dashboard.Security;
using Dashboard.Tests.Unit.Flags;
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
        Assert.Contains("broken", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
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
    public async Task Evaluate_AnotherEnvironmentOrUnknownOne_AnswersTheSame404()
    {
        using var other = await SendAsync(HttpMethod.Post, "/api/v1/environments/production/evaluate", stagingKey,
            """{"flagKey":"use-new-response-format","context":{"kind":"request","key":"r-1"}}""");
        using var unknown = await SendAsync(HttpMethod.Put, "/api/v1/environments/nowhere/flag-data", manageKey, FlagData);

        // Another key's environment looks exactly like one that does not exist: the key cannot learn it exists.
        var otherDetail = (await ProblemAsync(other, HttpStatusCode.NotFound)).GetProperty("detail").GetString();
        var unknownDetail = (await ProblemAsync(unknown, HttpStatusCode.NotFound)).GetProperty("detail").GetString();
        Assert.Equal(unknownDetail!.Replace("nowhere", "production", StringComparison.Ordinal), otherDetail);
        Assert.Equal(0, await factory.QueryAsync(db => db.FlagSnapshots.CountAsync()));
    }

    [Fact]
    public async Task Evaluate_WithoutKey_IsUnauthorized()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/environments/production/evaluate", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Flag data bodies an attacker or a broken pipeline might send, and text the 400 must contain.</summary>
    public static TheoryData<string, string> HostileFlagData => new()
    {
        { "duplicate section", "'flags'" },
        { "duplicate flag key", "'checkout'" },
        { "NUL in a flag key", "flag key \"check\\u0000out\" must not contain control characters (U+0000 at position 6)" },
        { "escape character in a flag key", "flag key \"check\\u001Bout\" must not contain control characters (U+001B at position 6)" },
        { "zero-width space in a flag key", "flag key \"check\\u200Bout\" must not contain invisible or look-alike characters (zero-width, bidirectional formatting or non-ASCII spaces) (U+200B at position 6)" },
        { "right-to-left override in a flag key", "flag key \"\\u202Etuokcehc\" must not contain invisible or look-alike characters (zero-width, bidirectional formatting or non-ASCII spaces) (U+202E at position 1)" },
        { "unpaired surrogate in a flag key", "flag data has a key that is not valid Unicode text" },
        { "invalid UTF-8 in a flag key", "body: The body is not valid UTF-8: 0xC3 at offset 16, after \"{\"flags\":{\"check\"" },
        { "prerequisite chain of 20000 flags", $"flag \"c0\": prerequisites nest 19999 levels deep (c0 → c1 → c2 → c3 → …); at most {FlagDataLimits.MaxPrerequisiteDepth} levels are allowed" },
        { "too many regexes", $"flag \"checkout\": rules[1].clauses[0].values[0] is \"matches\" pattern number {FlagDataLimits.MaxRegexPatterns + 1} of the flag" },
        { "too long a regex", $"flag \"checkout\": rules[0].clauses[0].values[0] is a \"matches\" pattern of {FlagDataLimits.MaxRegexPatternLength + 1} characters" },
    };

    private static byte[] HostileBody(string name)
    {
        const string Flag = """{"on":true,"variations":[true,false],"fallthrough":{"variation":0}}""";
        static JsonObject Matches(IEnumerable<string> patterns) =>
            TestFlagData.Rule("r", TestFlagData.Clause("email", "matches", [.. patterns.Select(p => (JsonNode?)p)]));
        var text = name switch
        {
            "duplicate section" => """{"flags":{},"segments":{},"flags":{}}""",
            "duplicate flag key" => $$$"""{"flags":{"checkout":{{{Flag}}},"checkout":{{{Flag}}}}}""",
            "NUL in a flag key" => $$$"""{"flags":{"check\u0000out":{{{Flag}}}}}""",
            "escape character in a flag key" => $$$"""{"flags":{"check\u001bout":{{{Flag}}}}}""",
            "zero-width space in a flag key" => $$$"""{"flags":{"check\u200bout":{{{Flag}}}}}""",
            "right-to-left override in a flag key" => $$$"""{"flags":{"\u202etuokcehc":{{{Flag}}}}}""",
            "unpaired surrogate in a flag key" => $$$"""{"flags":{"check\ud800out":{{{Flag}}}}}""",
            "invalid UTF-8 in a flag key" => $$$"""{"flags":{"check#out":{{{Flag}}}}}""",
            "prerequisite chain of 20000 flags" => TestFlagData.Data(PrerequisiteTests.Chain(19_999)),
            "too many regexes" => TestFlagData.Data([TestFlagData.BooleanFlag(
                "checkout",
                Matches(Enumerable.Range(0, FlagDataLimits.MaxRegexPatterns).Select(i => $"^{i}$")),
                Matches(["^(a+)+$"]))]),
            "too long a regex" => TestFlagData.Data([TestFlagData.BooleanFlag("checkout", Matches([new string('a', FlagDataLimits.MaxRegexPatternLength + 1)]))]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (name == "invalid UTF-8 in a flag key")
        {
            // 0xC3 starts a two-byte sequence, and the 'o' after it cannot continue one.
            bytes[Array.IndexOf(bytes, (byte)'#')] = 0xC3;
        }

        return bytes;
    }

    [Theory]
    [MemberData(nameof(HostileFlagData))]
    public async Task PutFlagData_HostileBody_BadRequestNamingTheProblemAndStoresNothing(string name, string expected)
    {
        await PutFlagDataAsync();
        var snapshotsBefore = await factory.QueryAsync(db => db.FlagSnapshots.CountAsync());
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/environments/production/flag-data") { Content = new ByteArrayContent(HostileBody(name)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", manageKey);

        using var response = await client.SendAsync(request);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        var messages = errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => e.GetString()!).ToList()
            : errors.EnumerateObject().SelectMany(field => field.Value.EnumerateArray().Select(e => $"{field.Name}: {e.GetString()}")).ToList();
        Assert.Contains(messages, message => message.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(snapshotsBefore, await factory.QueryAsync(db => db.FlagSnapshots.CountAsync()));
        Assert.Equal(2, await factory.QueryAsync(db => db.Flags.CountAsync(f => f.Environment!.Key == "production")));
    }
}

