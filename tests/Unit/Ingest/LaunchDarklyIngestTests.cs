using System.Net;
using Dashboard.Ingest;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>The LaunchDarkly-compatible endpoint with payloads shaped like those of LaunchDarkly's Node server SDK 9.x.</summary>
public sealed class LaunchDarklyIngestTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    private static readonly long NowMs = IngestAppFactory.Now.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Bulk_IndexFeatureAndSummary_AttributesFeatureEventsAndCountsTheRestAsUnattributed()
    {
        var client = await factory.StartAsync();
        var flag = "ld-flag-" + Guid.NewGuid().ToString("N")[..8];
        var consumer = "ld-consumer-" + Guid.NewGuid().ToString("N")[..8];
        // Two evaluations were tracked (feature events) for one multi-kind context; the summary counts all 10.
        var payload = $$$$"""
        [
          {"kind":"index","creationDate":{{{{NowMs}}}},"context":{"kind":"multi","api-consumer":{"key":"{{{{consumer}}}}","consumerType":"partner"},"request":{"key":"req-1","apiVersion":"2.1.0","clientType":"web","clientVersion":"3.5.2"}}},
          {"kind":"feature","creationDate":{{{{NowMs}}}},"key":"{{{{flag}}}}","version":7,"variation":1,"value":true,"default":false,
           "context":{"kind":"multi","api-consumer":{"key":"{{{{consumer}}}}"},"request":{"key":"req-1","apiVersion":"2.1.0","clientType":"web","clientVersion":"3.5.2"}}},
          {"kind":"feature","creationDate":{{{{NowMs}}}},"key":"{{{{flag}}}}","version":7,"variation":1,"value":true,"default":false,
           "contextKeys":{"api-consumer":"{{{{consumer}}}}","request":"req-1"}},
          {"kind":"custom","creationDate":{{{{NowMs}}}},"key":"checkout","context":{"kind":"user","key":"u1"},"metricValue":3},
          {"kind":"identify","creationDate":{{{{NowMs}}}},"context":{"kind":"user","key":"u1"}},
          {"kind":"something-new","creationDate":{{{{NowMs}}}},"whatever":{"nested":[1,2,3]}},
          {"kind":"summary","startDate":{{{{NowMs - 60_000}}}},"endDate":{{{{NowMs}}}},"features":{
            "{{{{flag}}}}":{"default":false,"contextKinds":["api-consumer","request"],"counters":[
              {"variation":1,"version":7,"value":true,"count":6},
              {"variation":0,"version":7,"value":false,"count":4}]}}}
        ]
        """;

        using var response = await client.SendAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        var counts = await (
                from r in db.EvaluationRollups
                join f in db.Flags on r.FlagId equals f.Id
                join c in db.Consumers on r.ConsumerId equals c.Id
                where f.Key == flag
                orderby c.Key, r.VariationIndex
                select new { Consumer = c.Key, r.ApiVersion, r.ClientType, r.ClientVersion, r.VariationIndex, r.Count })
            .ToListAsync();
        Assert.Equal(
            [
                new { Consumer = consumer, ApiVersion = "2.1.0", ClientType = "web", ClientVersion = "3.5.2", VariationIndex = 1, Count = 2L },
                new { Consumer = IngestStore.UnattributedConsumerKey, ApiVersion = "", ClientType = "", ClientVersion = "", VariationIndex = 0, Count = 4L },
                new { Consumer = IngestStore.UnattributedConsumerKey, ApiVersion = "", ClientType = "", ClientVersion = "", VariationIndex = 1, Count = 4L },
            ],
            counts.OrderBy(c => c.Consumer == consumer ? 0 : 1).ThenBy(c => c.VariationIndex).ToList());
        var variations = await db.FlagVariations.Where(v => db.Flags.Any(f => f.Id == v.FlagId && f.Key == flag)).OrderBy(v => v.Index).Select(v => v.ValueJson).ToListAsync();
        Assert.Equal(["false", "true"], variations);
    }

    [Fact]
    public async Task Bulk_SamePayloadIdTwice_CountsOnce()
    {
        var client = await factory.StartAsync();
        var flag = "ld-replay-" + Guid.NewGuid().ToString("N")[..8];
        var payload = $$$$"""[{"kind":"summary","startDate":{{{{NowMs}}}},"endDate":{{{{NowMs}}}},"features":{"{{{{flag}}}}":{"counters":[{"variation":0,"version":1,"value":"a","count":9}]}}}]""";
        var payloadId = Guid.NewGuid().ToString();

        using var first = await client.SendAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload, payloadId));
        using var second = await client.SendAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload, payloadId, path: "/api/v1/ld/bulk"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(9, await db.EvaluationRollups.Where(r => db.Flags.Any(f => f.Id == r.FlagId && f.Key == flag)).SumAsync(r => r.Count));
    }

    [Fact]
    public async Task Bulk_CounterWithoutVariation_IsCountedAsNoVariation()
    {
        var client = await factory.StartAsync();
        var flag = "ld-unknown-" + Guid.NewGuid().ToString("N")[..8];
        var payload = $$$$"""[{"kind":"summary","startDate":{{{{NowMs}}}},"endDate":{{{{NowMs}}}},"features":{"{{{{flag}}}}":{"default":false,"counters":[{"value":false,"count":2,"unknown":true}]}}}]""";

        using var response = await client.SendAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        var rollup = await db.EvaluationRollups.SingleAsync(r => db.Flags.Any(f => f.Id == r.FlagId && f.Key == flag));
        Assert.Equal((RollupKey.NoVariation, 2L), (rollup.VariationIndex, rollup.Count));
    }

    [Fact]
    public async Task Bulk_UnknownSchemaVersion_Is400NamingTheHeader_AndStoresNothing()
    {
        var errors = await AssertRefusedAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, "[]", schema: "99"), HttpStatusCode.BadRequest);
        Assert.Contains("X-LaunchDarkly-Event-Schema", errors.Keys);
    }

    [Fact]
    public async Task Bulk_UnregisteredSdkKey_Is401()
    {
        await AssertRefusedAsync(LaunchDarklyEvents("sdk-not-registered-anywhere", """[{"kind":"summary","features":{}}]"""), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bulk_ApiKeyInsteadOfSdkKey_Is401()
    {
        await AssertRefusedAsync(LaunchDarklyEvents(IngestAppFactory.ProductionKey, "[]"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bulk_BadCounter_NamesThePath_AndStoresNothing()
    {
        var payload = $$$$"""[{"kind":"summary","startDate":{{{{NowMs}}}},"endDate":{{{{NowMs}}}},"features":{"f":{"counters":[{"variation":0,"count":1},{"variation":0,"count":-3}]}}}]""";
        var errors = await AssertRefusedAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload), HttpStatusCode.BadRequest);
        Assert.Contains("[0].features.f.counters[1].count", errors.Keys);
    }

    [Fact]
    public async Task Bulk_CounterAboveTheMaximumCount_NamesThePath_AndStoresNothing()
    {
        var payload = $$$$"""[{"kind":"summary","startDate":{{{{NowMs}}}},"endDate":{{{{NowMs}}}},"features":{"f":{"counters":[{"variation":0,"count":999999}]}}}]""";
        var errors = await AssertRefusedAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload), HttpStatusCode.BadRequest);
        Assert.Equal(["must be between 1 and 10000"], errors["[0].features.f.counters[0].count"]);
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForKeys), MemberType = typeof(HostileStrings))]
    public async Task Bulk_HostileContextKeyOrFlagKey_Is400NamingTheEvent_AndStoresNothing(HostileString hostile)
    {
        var payload = $$$$"""
        [
          {"kind":"feature","creationDate":{{{{NowMs}}}},"key":"f","variation":0,"context":{"kind":"api-consumer","key":"{{{{HostilePlaceholder}}}}"}},
          {"kind":"feature","creationDate":{{{{NowMs}}}},"key":"{{{{HostilePlaceholder}}}}","variation":0,"context":{"kind":"api-consumer","key":"acme"}}
        ]
        """.Replace(HostilePlaceholder, JsonEscaped(hostile.Value), StringComparison.Ordinal);

        var errors = await AssertRefusedAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, payload), HttpStatusCode.BadRequest);

        Assert.Equal(["[0].context (consumer)", "[1].key"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bulk_NotAnArray_Is400()
    {
        var errors = await AssertRefusedAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, "{\"kind\":\"summary\"}"), HttpStatusCode.BadRequest);
        Assert.Equal(["must be a JSON array of events"], errors["body"]);
    }

    [Fact]
    public async Task Diagnostic_IsAcceptedAndIgnored()
    {
        var client = await factory.StartAsync();
        var before = await StoredIngest.ReadAsync(factory);
        var request = LaunchDarklyEvents(IngestAppFactory.SdkKey, """{"kind":"diagnostic-init","id":{"diagnosticId":"x"}}""", path: "/diagnostic");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before, await StoredIngest.ReadAsync(factory));
    }

    private Task<Dictionary<string, string[]>> AssertRefusedAsync(HttpRequestMessage request, HttpStatusCode expected) =>
        IngestRequests.AssertRefusedAsync(factory, request, expected);
}
