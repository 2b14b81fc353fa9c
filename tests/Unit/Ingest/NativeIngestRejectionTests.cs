using System.Net;
using System.Text;
using Dashboard.Ingest;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Every bad input the native endpoint refuses: a clear problem response naming the field, and nothing stored.</summary>
public sealed class NativeIngestRejectionTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    [Fact]
    public async Task MalformedJson_Is400NamingTheBody_AndStoresNothing()
    {
        var errors = await AssertRefusedAsync(NativeRaw(IngestAppFactory.ProductionKey, "{\"events\":[{\"flagKey\":"), HttpStatusCode.BadRequest);
        Assert.Contains(errors.Keys, k => k.StartsWith("events", StringComparison.Ordinal) || k == "body");
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        await AssertRefusedAsync(NativeRaw(IngestAppFactory.ProductionKey, "{\"events\":[]}", contentType: "text/plain"), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task EmptyBatch_Is400NamingEvents()
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch()), HttpStatusCode.BadRequest);
        Assert.Equal(["must contain at least one event"], errors["events"]);
    }

    [Fact]
    public async Task TooManyEvents_Is413()
    {
        var events = Enumerable.Range(0, 10_001).Select(_ => (object)new { flagKey = "f", variation = 0 }).ToArray();
        await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(events)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var padding = new string('a', 1024 * 1024);
        await AssertRefusedAsync(NativeRaw(IngestAppFactory.ProductionKey, $"{{\"events\":[{{\"flagKey\":\"f\",\"variation\":0,\"note\":\"{padding}\"}}]}}"), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task MissingFlagKey_NamesTheEventAndField()
    {
        var withoutFlagKey = Event();
        withoutFlagKey.Remove("flagKey");
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(), withoutFlagKey)), HttpStatusCode.BadRequest);
        Assert.Equal(["is required"], errors["events[1].flagKey"]);
        Assert.Single(errors);
    }

    [Fact]
    public async Task VariationIndexOutOfRange_ForASyncedFlag_NamesTheVariation()
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(variation: 2))), HttpStatusCode.BadRequest);
        Assert.Contains("has 2 variations", errors["events[0].variation"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValueThatIsNotAVariationOfASyncedFlag_IsRefused()
    {
        var item = Event(variation: null);
        item["value"] = "maybe";
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(item)), HttpStatusCode.BadRequest);
        Assert.Contains("events[0].value", errors.Keys);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(10_001L)]
    [InlineData(999_999L)]
    public async Task CountOutsideTheRange_NamesTheCount(long count)
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(), Event(count: count))), HttpStatusCode.BadRequest);
        Assert.Equal(["must be between 1 and 10000"], errors["events[1].count"]);
    }

    [Fact]
    public async Task CountTooLargeForANumber_NamesTheCount()
    {
        var errors = await AssertRefusedAsync(
            NativeRaw(IngestAppFactory.ProductionKey, "{\"events\":[{\"flagKey\":\"f\",\"variation\":0,\"count\":99999999999999999999999}]}"), HttpStatusCode.BadRequest);
        Assert.Contains("events[0].count", errors.Keys);
    }

    [Fact]
    public async Task FutureTimestamp_IsRefused()
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(timestamp: IngestAppFactory.Now.AddMinutes(6)))), HttpStatusCode.BadRequest);
        Assert.Contains("events[0].timestamp", errors.Keys);
    }

    [Fact]
    public async Task AncientTimestamp_IsRefused()
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(timestamp: IngestAppFactory.Now.AddDays(-91)))), HttpStatusCode.BadRequest);
        Assert.Contains("events[0].timestamp", errors.Keys);
    }

    [Fact]
    public async Task ControlCharacters_AreRefused()
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "acme\u0007"), Event(apiVersion: "2.1\n"))), HttpStatusCode.BadRequest);
        Assert.Equal(["must not contain control characters (U+0007 at position 5)"], errors["events[0].consumer"]);
        Assert.Equal(["must not contain control characters (U+000A at position 4)"], errors["events[1].apiVersion"]);
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForKeys), MemberType = typeof(HostileStrings))]
    public async Task HostileKey_InEveryKeyField_IsRefusedNamingEachField(HostileString hostile)
    {
        string[] fields = ["flagKey", "consumer", "tenantId", "apiVersion", "clientType", "clientVersion"];
        var events = fields.Select(field =>
        {
            var item = Event();
            item[field] = HostilePlaceholder;
            return (object)item;
        }).ToArray();

        var errors = await AssertRefusedAsync(NativeRaw(IngestAppFactory.ProductionKey, System.Text.Json.JsonSerializer.Serialize(Batch(events)).Replace(HostilePlaceholder, JsonEscaped(hostile.Value), StringComparison.Ordinal)), HttpStatusCode.BadRequest);

        Assert.Equal(fields.Select((field, i) => $"events[{i}].{field}").Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnpairedSurrogateEscape_IsRefusedNamingTheField()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Batch(Event(consumer: HostilePlaceholder)))
            .Replace(HostilePlaceholder, JsonEscaped(HostileStrings.UnpairedSurrogate), StringComparison.Ordinal);

        var errors = await AssertRefusedAsync(NativeRaw(IngestAppFactory.ProductionKey, json), HttpStatusCode.BadRequest);

        Assert.Equal(["events[0].consumer"], errors.Keys);
    }

    [Fact]
    public async Task NonAsciiKeys_WithoutInvisibleCharacters_AreAccepted()
    {
        var client = await factory.StartAsync();
        var batch = Batch(Event(consumer: "kunde-müller-" + Guid.NewGuid().ToString("N")[..6], clientType: "ウェブ"), Event(consumer: "عميل", apiVersion: "2.1.0"));

        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, batch));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task OverlongString_IsRefused()
    {
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(clientType: new string('x', 257)))), HttpStatusCode.BadRequest);
        Assert.Equal(["must be at most 256 characters long"], errors["events[0].clientType"]);
    }

    [Fact]
    public async Task UnknownKey_Is401()
    {
        await AssertRefusedAsync(Native("sdl_not_a_key_anyone_has_0000000000", Batch(Event())), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MissingKey_Is401()
    {
        var request = Native(IngestAppFactory.ProductionKey, Batch(Event()));
        request.Headers.Authorization = null;
        await AssertRefusedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyWithoutIngestScope_Is403()
    {
        await AssertRefusedAsync(Native(IngestAppFactory.ReadOnlyKey, Batch(Event())), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KeyOfAnotherEnvironment_Is403()
    {
        await AssertRefusedAsync(Native(IngestAppFactory.PartnerKey, new { environment = "production", events = new[] { Event() } }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RevokedKey_Is401_EvenRightAfterItWasUsed()
    {
        var client = await factory.StartAsync();
        var (created, _) = await factory.Services.CreateScope().ServiceProvider.GetRequiredService<IngestKeyAdministration>()
            .CreateApiKeyAsync("test", "soon revoked", factory.ProductionId, Dashboard.Data.Entities.ApiKeyScopes.Ingest);
        using (var first = await client.SendAsync(Native(created!.Secret, Batch(Event()))))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        Assert.True(await factory.Services.CreateScope().ServiceProvider.GetRequiredService<IngestKeyAdministration>().RevokeApiKeyAsync("test", created.Id));
        await AssertRefusedAsync(Native(created.Secret, Batch(Event())), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReplayedIdempotencyKeyWithADifferentBody_Is409_AndCountsNothing()
    {
        var client = await factory.StartAsync();
        var key = Guid.NewGuid().ToString();
        using (var first = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(count: 2)), key)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(count: 3)), key), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task IdempotencyKeyWithControlCharacters_IsRefused()
    {
        var request = Native(IngestAppFactory.ProductionKey, Batch(Event()));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "a\tb");
        var errors = await AssertRefusedAsync(request, HttpStatusCode.BadRequest);
        Assert.Contains("Idempotency-Key", errors.Keys);
    }

    [Fact]
    public async Task OneBadEventAmongGoodOnes_RefusesTheWholeBatch()
    {
        var events = Enumerable.Range(0, 50).Select(i => (object)Event(consumer: "c" + i)).Append(Event(count: -1)).ToArray();
        var errors = await AssertRefusedAsync(Native(IngestAppFactory.ProductionKey, Batch(events)), HttpStatusCode.BadRequest);
        Assert.Equal(["events[50].count"], errors.Keys);
    }

    private Task<Dictionary<string, string[]>> AssertRefusedAsync(HttpRequestMessage request, HttpStatusCode expected) =>
        IngestRequests.AssertRefusedAsync(factory, request, expected);
}
