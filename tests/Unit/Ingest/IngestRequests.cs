using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Builders for ingest requests.</summary>
public static class IngestRequests
{
    public static HttpRequestMessage Native(string key, object body, string? idempotencyKey = null) =>
        NativeRaw(key, JsonSerializer.Serialize(body), idempotencyKey);

    public static HttpRequestMessage NativeRaw(string key, string json, string? idempotencyKey = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evaluations")
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public static HttpRequestMessage LaunchDarklyEvents(string sdkKey, string json, string? payloadId = null, string schema = "4", string path = "/bulk")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", sdkKey);
        request.Headers.Add("X-LaunchDarkly-Event-Schema", schema);
        if (payloadId is not null)
        {
            request.Headers.Add("X-LaunchDarkly-Payload-ID", payloadId);
        }

        return request;
    }

    /// <summary>One native event with sensible defaults; override what a test is about.</summary>
    public static Dictionary<string, object?> Event(
        string flagKey = IngestAppFactory.KnownFlag, int? variation = 1, string consumer = "acme", string? apiVersion = "2.1.0",
        string? clientType = "web", string? clientVersion = "3.5.2", long? count = null, DateTimeOffset? timestamp = null)
    {
        var item = new Dictionary<string, object?> { ["flagKey"] = flagKey, ["consumer"] = consumer };
        if (variation is not null)
        {
            item["variation"] = variation;
        }

        if (apiVersion is not null)
        {
            item["apiVersion"] = apiVersion;
        }

        if (clientType is not null)
        {
            item["clientType"] = clientType;
        }

        if (clientVersion is not null)
        {
            item["clientVersion"] = clientVersion;
        }

        if (count is not null)
        {
            item["count"] = count;
        }

        if (timestamp is not null)
        {
            item["timestamp"] = timestamp;
        }

        return item;
    }

    public static object Batch(params object[] events) => new { events };

    /// <summary>Stands in for a hostile value in a serialised body; replace it with <see cref="JsonEscaped"/>.</summary>
    public const string HostilePlaceholder = "__hostile__";

    /// <summary>The inside of a JSON string with every character escaped as \\uXXXX, so even an unpaired surrogate arrives as sent.</summary>
    public static string JsonEscaped(string value) => string.Concat(value.Select(c => $"\\u{(int)c:X4}"));

    /// <summary>Reads a problem response's <c>errors</c> member.</summary>
    public static async Task<Dictionary<string, string[]>> ReadErrorsAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())
            : [];
    }

    /// <summary>Sends the request and asserts the status, a problem+json body and an unchanged database; returns the problem's errors.</summary>
    public static async Task<Dictionary<string, string[]>> AssertRefusedAsync(IngestAppFactory factory, HttpRequestMessage request, System.Net.HttpStatusCode expected)
    {
        var client = await factory.StartAsync();
        var before = await StoredIngest.ReadAsync(factory);
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await StoredIngest.ReadAsync(factory));
        return await ReadErrorsAsync(response);
    }
}
