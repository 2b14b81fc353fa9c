using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Data.Entities;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class PlanApiTests : IClassFixture<TimelinesApiFactory>
{
    private readonly TimelinesApiFactory factory;
    private readonly string manageKey;
    private readonly string readKey;
    private readonly string flagKey = "flag-" + Guid.NewGuid().ToString("N")[..8];

    public PlanApiTests(TimelinesApiFactory factory)
    {
        this.factory = factory;
        _ = factory.Server;
        using var db = factory.Database.CreateDbContext();
        var production = db.Environments.Single(e => e.IsDefault);
        factory.Database.AddFlag(production.Id, flagKey);
        manageKey = factory.Database.AddApiKey(production.Id, ApiKeyScopes.Manage | ApiKeyScopes.Read);
        readKey = factory.Database.AddApiKey(production.Id, ApiKeyScopes.Read);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, object? body = null, string? rawBody = null)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request);
    }

    private PlanBody ValidPlan(int deprecationInDays = 10, int sunsetInDays = 120) => new(
        flagKey,
        "Retire v1 format",
        [1],
        "2.0.0",
        DateTime.UtcNow.AddDays(deprecationInDays).ToString("O"),
        DateTime.UtcNow.AddDays(sunsetInDays).ToString("O"),
        "https://docs.example.com/v2");

    /// <summary>A plan as the API takes it; tests change one field with <c>with</c>.</summary>
    private sealed record PlanBody(
        string FlagKey, string Title, int[] RetiredVariations, string ApiVersionBelow, string DeprecationAt, string SunsetAt, string MigrationGuideUrl,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Owner = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? ClientTypes = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AnnounceAt = null);

    private int EnvironmentId()
    {
        using var db = factory.Database.CreateDbContext();
        return db.Environments.Single(e => e.IsDefault).Id;
    }

    /// <summary>Creates a valid plan, then sends <paramref name="update"/>: a 400 problem naming <paramref name="field"/>, and the stored plan unchanged.</summary>
    private async Task AssertUpdateRefusedAsync(string field, PlanBody update)
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan(200, 400));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var response = await SendAsync(HttpMethod.Put, $"/api/v1/plans/{id}", manageKey, update with { DeprecationAt = DateTime.UtcNow.AddDays(200).ToString("O"), SunsetAt = DateTime.UtcNow.AddDays(400).ToString("O") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        using var db = factory.Database.CreateDbContext();
        var stored = await db.DeprecationPlans.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(("Retire v1 format", "https://docs.example.com/v2", (string?)null), (stored.Title, stored.MigrationGuideUrl, stored.Owner));
        Assert.Empty(stored.ClientTypes);
    }

    [Fact]
    public async Task Create_ValidPlan_Is201AndListedAndAudited()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/plans/{id}", created.Headers.Location!.OriginalString);
        using var listed = await SendAsync(HttpMethod.Get, "/api/v1/plans", readKey);
        var plans = await listed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(plans.EnumerateArray(), p => p.GetProperty("id").GetInt32() == id && p.GetProperty("status").GetString() == "draft");
        using var db = factory.Database.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == PlanAuditActions.Created && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Create_BadFields_Is400NamingEachField_AndStoresNothing()
    {
        using var db = factory.Database.CreateDbContext();
        var before = await db.DeprecationPlans.CountAsync();
        var body = new
        {
            flagKey,
            title = "",
            retiredVariations = new[] { 1 },
            apiVersionBelow = "two",
            deprecationAt = DateTime.UtcNow.AddDays(30).ToString("O"),
            sunsetAt = DateTime.UtcNow.AddDays(20).ToString("O"),
            migrationGuideUrl = "not a url",
        };

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["apiVersionBelow", "migrationGuideUrl", "sunsetAt", "title"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(before, await db.DeprecationPlans.CountAsync());
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task Update_HostileTitle_Is400NamingTheField_AndKeepsThePlan(HostileString hostile)
    {
        await AssertUpdateRefusedAsync("title", ValidPlan() with { Title = hostile.Value });
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task Update_HostileOwner_Is400NamingTheField_AndKeepsThePlan(HostileString hostile)
    {
        await AssertUpdateRefusedAsync("owner", ValidPlan() with { Owner = hostile.Value });
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForUrls), MemberType = typeof(HostileStrings))]
    public async Task Update_HostileMigrationGuideUrl_Is400NamingTheField_AndKeepsThePlan(HostileString hostile)
    {
        await AssertUpdateRefusedAsync("migrationGuideUrl", ValidPlan() with { MigrationGuideUrl = hostile.Value });
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForKeys), MemberType = typeof(HostileStrings))]
    public async Task Update_HostileClientType_Is400NamingTheField_AndKeepsThePlan(HostileString hostile)
    {
        await AssertUpdateRefusedAsync("clientTypes", ValidPlan() with { ClientTypes = new[] { "web", hostile.Value } });
    }

    [Fact]
    public async Task Update_NonAsciiGuideUrl_IsStored_AndThePolicyLinkIsPercentEncoded()
    {
        var policyKey = factory.Database.AddApiKey(EnvironmentId(), ApiKeyScopes.Policy);
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan(deprecationInDays: 1));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var updated = await SendAsync(HttpMethod.Put, $"/api/v1/plans/{id}", manageKey, ValidPlan(deprecationInDays: 1) with { AnnounceAt = DateTime.UtcNow.ToString("O"), MigrationGuideUrl = HostileStrings.NonAsciiUrl });
        using var policy = await SendAsync(HttpMethod.Get, $"/api/v1/policy?flag={flagKey}&apiVersion=1.0.0", policyKey);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.Contains($"<{HostileStrings.NonAsciiUrlEncoded}>; rel=\"deprecation\"; type=\"text/html\"", policy.Headers.GetValues("Link"));
    }

    [Fact]
    public async Task Create_DateWithoutOffset_IsRefusedOnThatField()
    {
        var body = new { flagKey, title = "t", retiredVariations = new[] { 1 }, deprecationAt = "2030-01-01T00:00:00", sunsetAt = "2030-06-01T00:00:00Z" };

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, body);

        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("deprecationAt", out _));
        Assert.False(errors.TryGetProperty("sunsetAt", out _));
    }

    [Fact]
    public async Task Create_MalformedJson_IsAProblemNamingTheBrokenField()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, rawBody: "{\"flagKey\":\"x\",\"retiredVariations\":\"one\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("retiredVariations", out _));
    }

    [Fact]
    public async Task Announce_DraftPlan_IsAnnouncedNow_AndAReadOnlyKeyIsRefused()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan(200, 400));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var refused = await SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/announce", readKey);
        using var announced = await SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/announce", manageKey);
        using var again = await SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/announce", manageKey);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Conflict), (refused.StatusCode, announced.StatusCode, again.StatusCode));
        Assert.Equal("announced", (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        using var db = factory.Database.CreateDbContext();
        var stored = await db.DeprecationPlans.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(PlanStatus.Announced, stored.Status);
    }

    [Fact]
    public async Task Create_FourDaysOfNotice_AnswersTheShortNoticeWarning()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan(deprecationInDays: 1, sunsetInDays: 5));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var warnings = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings");
        Assert.Equal("Consumers get 4 days of notice, less than the recommended 90.", warnings.GetProperty("sunsetAt")[0].GetString());
    }

    [Fact]
    public async Task Create_WithReadOnlyKey_Is403()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/plans", readKey, ValidPlan());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_ThenUpdate_IsRefusedAsTheCancelledPlanCannotChange()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan(200, 400));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var cancelled = await SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/cancel", manageKey);
        using var updated = await SendAsync(HttpMethod.Put, $"/api/v1/plans/{id}", manageKey, ValidPlan(200, 400));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        Assert.True((await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Extension_ForUnknownConsumer_NamesTheConsumerField()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/plans", manageKey, ValidPlan(300, 500));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var response = await SendAsync(HttpMethod.Put, $"/api/v1/plans/{id}/extensions/nobody", manageKey, new { sunsetAt = DateTime.UtcNow.AddDays(600).ToString("O"), reason = "freeze" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("consumerKey", out _));
    }

    [Fact]
    public async Task Calendar_WithReadKey_IsICalendar()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/calendar.ics", readKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPlan_Is404Problem()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/plans/987654", readKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
