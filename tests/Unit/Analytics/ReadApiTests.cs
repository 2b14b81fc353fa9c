using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class ReadApiTests(SundialWebApplicationFactory factory) : IClassFixture<SundialWebApplicationFactory>, IAsyncLifetime
{
    private const string ReadKey = "sdl_read_key_for_tests_0123456789abcdef";
    private const string IngestOnlyKey = "sdl_ingest_key_for_tests_0123456789abcd";
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        await SeedAsync();
    }

    public Task DisposeAsync()
    {
        client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Environments_ListsOnlyTheKeysOwnEnvironment()
    {
        using var response = await GetAsync("/api/v1/environments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["production"], json.RootElement.EnumerateArray().Select(e => e.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Flags_ReturnLegacyShareAndStatus()
    {
        using var response = await GetAsync("/api/v1/environments/production/flags");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var flag = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("use-new-format", flag.GetProperty("key").GetString());
        Assert.Equal(0.25, flag.GetProperty("legacyShare").GetDouble());
        Assert.Equal(7, flag.GetProperty("windowDays").GetInt32());
        Assert.Equal("active", flag.GetProperty("status").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Adoption_GroupsByApiVersion()
    {
        using var response = await GetAsync("/api/v1/environments/production/flags/use-new-format/adoption?from=2026-01-14&to=2026-01-16&groupBy=apiVersion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var series = json.RootElement.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["1.9.0", "2.0.0"], series.Select(s => s.GetProperty("label").GetString()));
        Assert.Equal([0L, 10], series[0].GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal([0L, 30], series[1].GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
    }

    [Theory]
    [InlineData("?groupBy=browser", "groupBy")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?grain=minute", "grain")]
    [InlineData("?from=2026-01-01&to=2026-02-05&grain=hour", "grain")]
    [InlineData("?from=2026-01-10&to=2026-01-01", "from")]
    [InlineData("?timeZone=Mars/Olympus", "timeZone")]
    public async Task Adoption_BadParameters_AnswerProblemNamingTheField(string query, string field)
    {
        using var response = await GetAsync("/api/v1/environments/production/flags/use-new-format/adoption" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Adoption_HourGrainBeyondTheLimit_NamesTheSameLimitAsTheCharts()
    {
        var limit = new Dashboard.Options.AnalyticsOptions().HourGrainMaxDays;

        var to = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(limit);
        using var within = await GetAsync($"/api/v1/environments/production/flags/use-new-format/adoption?from=2026-01-01T00:00:00Z&to={to:yyyy-MM-dd'T'HH:mm:ss'Z'}&grain=hour");
        using var beyond = await GetAsync($"/api/v1/environments/production/flags/use-new-format/adoption?from=2026-01-01T00:00:00Z&to={to.AddHours(1):yyyy-MM-dd'T'HH:mm:ss'Z'}&grain=hour");

        Assert.Equal(HttpStatusCode.OK, within.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        using var json = JsonDocument.Parse(await beyond.Content.ReadAsStringAsync());
        Assert.Contains($"limited to {limit} days", json.RootElement.GetProperty("errors").GetProperty("grain")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains($"limited to {limit} days", Dashboard.Analytics.AdoptionRanges.HourGrainLimitNote(limit), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/environments/nowhere/flags")]
    [InlineData("/api/v1/environments/partner-api/flags")]
    [InlineData("/api/v1/environments/production/flags/no-such-flag/adoption")]
    [InlineData("/api/v1/environments/production/consumers/nobody")]
    public async Task UnknownOrForeignEnvironmentFlagOrConsumer_Answers404Problem(string path)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Consumers_LegacyOnly_AsCsv_ListsTheLegacyConsumer()
    {
        using var response = await GetAsync("/api/v1/environments/production/flags/use-new-format/consumers?legacyOnly=true", "text/csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        // Without seenSince the figures cover all recorded hours: both of globex's legacy rollups (onLegacy, legacyEvaluations, evaluations).
        Assert.StartsWith("globex,GLOBEX,1.9.0,server,Legacy,yes,20,20,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumers_BadVersion_AnswersProblem()
    {
        using var response = await GetAsync("/api/v1/environments/production/flags/use-new-format/consumers?minApiVersion=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("minApiVersion", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumer_ShowsFlagsOnLegacyAndContacts()
    {
        using var response = await GetAsync("/api/v1/environments/production/consumers/globex");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("use-new-format", json.RootElement.GetProperty("flagsOnLegacy")[0].GetProperty("flagKey").GetString());
        Assert.Equal("dev@globex.example", json.RootElement.GetProperty("contacts")[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task WithoutKey_Answers401_AndKeyWithoutReadScope_Answers403()
    {
        using var anonymous = await client.GetAsync(new Uri("/api/v1/environments", UriKind.Relative));
        using var ingestOnly = await GetAsync("/api/v1/environments", key: IngestOnlyKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingestOnly.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept = "application/json", string key = ReadKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return await client.SendAsync(request);
    }

    private async Task SeedAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        if (await db.Flags.AnyAsync())
        {
            return;
        }

        var production = await db.Environments.SingleAsync(e => e.Key == "production");
        var partner = new DashboardEnvironment { Key = "partner-api", Name = "Partner", ApiVersionScheme = VersionScheme.Date };
        db.Environments.Add(partner);
        await db.SaveChangesAsync();
        db.ApiKeys.Add(new ApiKey { Name = "read", EnvironmentId = production.Id, Prefix = ApiKeySecrets.DisplayPrefix(ReadKey), SecretHash = ApiKeySecrets.Hash(ReadKey), Scopes = ApiKeyScopes.Read });
        db.ApiKeys.Add(new ApiKey { Name = "ingest", EnvironmentId = production.Id, Prefix = ApiKeySecrets.DisplayPrefix(IngestOnlyKey), SecretHash = ApiKeySecrets.Hash(IngestOnlyKey), Scopes = ApiKeyScopes.Ingest });
        db.Flags.Add(new Flag { EnvironmentId = partner.Id, Key = "hidden", Name = "hidden", Variations = [new FlagVariation { Index = 0, ValueJson = "true" }] });
        await db.SaveChangesAsync();

        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var hour = time.GetUtcNow().ToUnixTimeSeconds() / 3600 * 3600 - 3600;
        var flag = new Flag
        {
            EnvironmentId = production.Id, Key = "use-new-format", Name = "New format", CreatedAt = time.GetUtcNow().UtcDateTime.AddDays(-30),
            Variations = [new FlagVariation { Index = 0, ValueJson = "true", Name = "New" }, new FlagVariation { Index = 1, ValueJson = "false", Name = "Legacy", IsLegacy = true }],
        };
        var acme = new Consumer { EnvironmentId = production.Id, Key = "acme", DisplayName = "ACME" };
        var globex = new Consumer { EnvironmentId = production.Id, Key = "globex", DisplayName = "GLOBEX", Contacts = [new Contact { Email = "dev@globex.example" }] };
        db.AddRange(flag, acme, globex);
        await db.SaveChangesAsync();
        // Seeded relative to the real clock: the app under test uses TimeProvider.System. The adoption test reads fixed dates below.
        db.EvaluationRollups.AddRange(
            Rollup(production.Id, flag.Id, acme.Id, "2.0.0", "000000002.000000000.000000000~", 0, hour, 30),
            Rollup(production.Id, flag.Id, globex.Id, "1.9.0", "000000001.000000009.000000000~", 1, hour, 10),
            Rollup(production.Id, flag.Id, acme.Id, "2.0.0", "000000002.000000000.000000000~", 0, new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), 30),
            Rollup(production.Id, flag.Id, globex.Id, "1.9.0", "000000001.000000009.000000000~", 1, new DateTimeOffset(2026, 1, 15, 11, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), 10));
        var now = time.GetUtcNow().UtcDateTime;
        db.ConsumerFlagStates.AddRange(
            new ConsumerFlagState { EnvironmentId = production.Id, FlagId = flag.Id, ConsumerId = acme.Id, ApiVersion = "2.0.0", ApiVersionSortKey = "000000002.000000000.000000000~", ClientType = "server", VariationIndex = 0, FirstSeenAt = now.AddDays(-2), LastSeenAt = now, TotalCount = 30 },
            new ConsumerFlagState { EnvironmentId = production.Id, FlagId = flag.Id, ConsumerId = globex.Id, ApiVersion = "1.9.0", ApiVersionSortKey = "000000001.000000009.000000000~", ClientType = "server", VariationIndex = 1, FirstSeenAt = now.AddDays(-2), LastSeenAt = now, TotalCount = 10 });
        await db.SaveChangesAsync();
    }

    private static EvaluationRollup Rollup(int environmentId, int flagId, int consumerId, string version, string sortKey, int variation, long hour, long count) => new()
    {
        EnvironmentId = environmentId, FlagId = flagId, ConsumerId = consumerId, ApiVersion = version, ApiVersionSortKey = sortKey, ClientType = "server",
        ClientVersion = "1.0.0", ClientVersionSortKey = "000000001.000000000.000000000~", VariationIndex = variation, HourStart = hour, Count = count,
    };
}
