using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E.Timelines;

/// <summary>
/// Sundial with its demo plan and the sample provider as real processes: old API versions get the legacy format with
/// the Deprecation / Sunset / Link headers, new ones the new format without, the provider's evaluations reach Sundial,
/// and a brownout refuses the old version.
/// </summary>
public sealed class ProviderPolicyTests
{
    /// <summary>A tenant the demo data does not have, so its appearance in Sundial can only come from the provider.</summary>
    private const string Tenant = "e2e-widgets-tenant";

    private static async Task<HttpResponseMessage> GetWidgetsAsync(HttpClient client, string apiVersion)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/widgets");
        request.Headers.Add("X-API-Version", apiVersion);
        request.Headers.Add("X-Tenant-Id", Tenant);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task SampleProvider_OldAndNewVersions_GetTheirFormatAndHeaders_AndABrownoutRefusesTheOldOne()
    {
        // A short policy max-age, so the plan change below reaches the provider's cache within seconds.
        await using var sundial = await SundialProcess.StartAsync(new SundialProcessOptions
        {
            Environment = new Dictionary<string, string> { ["Timelines__PolicyMaxAgeSeconds"] = "2" },
        });
        await using var provider = await WidgetsApiProcess.StartAsync(sundial.BaseAddress);
        using var client = new HttpClient { BaseAddress = provider.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        using var legacy = await GetWidgetsAsync(client, "1.2.0");
        using var current = await GetWidgetsAsync(client, "2.1.0");

        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        var legacyBody = await legacy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, legacyBody.ValueKind);
        Assert.True(legacyBody[0].TryGetProperty("widget_id", out _), provider.Output);
        Assert.Matches("^@[0-9]+$", legacy.Headers.GetValues("Deprecation").Single());
        Assert.Matches("^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$", legacy.Headers.GetValues("Sunset").Single());
        Assert.Equal(
            ["rel=\"deprecation\"; type=\"text/html\"", "rel=\"sunset\""],
            legacy.Headers.GetValues("Link").Select(l => l[(l.IndexOf("; ", StringComparison.Ordinal) + 2)..]).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.True((await current.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("data", out _));
        Assert.False(current.Headers.Contains("Deprecation"));

        // The provider's recorder delivers its evaluations in the background: the tenant shows up in Sundial as a
        // consumer still on the legacy variation, with the version it sent.
        using var sundialClient = new HttpClient { BaseAddress = sundial.BaseAddress };
        sundialClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WidgetsApiProcess.DemoApiKey);
        var consumer = await Eventually.ValueAsync<JsonElement?>(
            async () =>
            {
                using var response = await sundialClient.GetAsync($"/api/v1/environments/production/consumers/{Tenant}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
            },
            found => found is not null);

        Assert.True(consumer is not null, "The provider's evaluations never reached Sundial.\n" + provider.Output);
        var legacyFlag = Assert.Single(consumer.Value.GetProperty("flagsOnLegacy").EnumerateArray());
        Assert.Equal("use-new-response-format", legacyFlag.GetProperty("flagKey").GetString());
        Assert.Equal(["1.2.0"], legacyFlag.GetProperty("apiVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(1, legacyFlag.GetProperty("evaluations").GetInt64());

        // Schedule a brownout starting in a few seconds on the demo plan, through the plans API as code would.
        var plan = (await sundialClient.GetFromJsonAsync<JsonObject>("/api/v1/plans/1"))!["summary"]!.AsObject();
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var update = new JsonObject
        {
            ["title"] = plan["title"]!.GetValue<string>(),
            ["retiredVariations"] = plan["retiredVariations"]!.DeepClone(),
            ["apiVersionBelow"] = plan["apiVersionBelow"]!.DeepClone(),
            ["announceAt"] = plan["announceAt"]!.DeepClone(),
            ["deprecationAt"] = plan["deprecationAt"]!.DeepClone(),
            ["sunsetAt"] = plan["sunsetAt"]!.DeepClone(),
            ["migrationGuideUrl"] = "https://docs.example.com/api/v2/migrating-response-format",
            ["brownouts"] = new JsonArray(new JsonObject { ["startsAt"] = startsAt.ToString("O"), ["endsAt"] = startsAt.AddHours(1).ToString("O") }),
        };
        using var updated = await sundialClient.PutAsJsonAsync("/api/v1/plans/1", update);
        Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());

        // The provider's cached policy expires at the next scheduled change, so the brownout is picked up when it starts.
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 40 && refused?.StatusCode != HttpStatusCode.Gone; attempt++)
        {
            refused?.Dispose();
            await Task.Delay(500);
            refused = await GetWidgetsAsync(client, "1.2.0");
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.Gone, refused!.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("brownout", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var stillServed = await GetWidgetsAsync(client, "2.1.0");
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
    }
}
