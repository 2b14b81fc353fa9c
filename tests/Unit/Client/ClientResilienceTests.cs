using System.Net;
using Dashboard.Client;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Client;

public sealed class ClientResilienceTests
{
    [Fact]
    public async Task SundialDown_ProviderRequestsSucceed_AndBufferedEventsArriveWhenItReturns()
    {
        await using var sundial = new FakeSundial();
        await sundial.StartAsync();
        await sundial.StopAsync();
        await using var provider = await ProviderApp.StartAsync(sundial.BaseAddress);

        for (var i = 0; i < 5; i++)
        {
            using var response = await provider.GetOrdersAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Deprecation"));
        }

        await Task.Delay(500);
        Assert.Equal(0, sundial.ReceivedCount);
        await sundial.StartAsync();

        // Sundial counts a batch when it arrives, the recorder when the answer is back: wait for both.
        await Eventually.UntilAsync(
            () => sundial.ReceivedCount == 5 && provider.Recorder.Delivered == 5,
            () => $"5 buffered evaluations delivered after Sundial returned (Sundial got {sundial.ReceivedCount}, the recorder counts {provider.Recorder.Delivered} delivered)");
        Assert.Equal(5, provider.Recorder.Delivered);
        Assert.Equal(0, provider.Recorder.Dropped);
        Assert.All(sundial.Received, e => Assert.Equal(("acme", "1.0.0"), (e.Consumer, e.ApiVersion)));
    }

    [Fact]
    public async Task FailedBatch_IsRetriedWithTheSameIdempotencyKey_SoSundialCanCountItOnce()
    {
        await using var sundial = new FakeSundial { FailingEvaluationAttempts = 1 };
        await sundial.StartAsync();
        await using var provider = await ProviderApp.StartAsync(sundial.BaseAddress);

        using var response = await provider.GetOrdersAsync();
        await Eventually.UntilAsync(() => sundial.ReceivedCount == 1, () => $"the batch delivered on its retry (got {sundial.ReceivedCount})");

        var keys = sundial.IdempotencyKeys.ToList();
        Assert.Equal(2, keys.Count);
        Assert.False(string.IsNullOrWhiteSpace(keys[0]), "The first attempt sent no Idempotency-Key.");
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task SundialSlow_RequestsDoNotWaitForThePolicy_AndGetHeadersOnceItArrives()
    {
        await using var sundial = new FakeSundial { PolicyDelay = TimeSpan.FromSeconds(1.5), Policy = FakeSundial.Affected("deprecated", refuse: false) };
        await sundial.StartAsync();
        await using var provider = await ProviderApp.StartAsync(sundial.BaseAddress, o => o.RequestTimeout = TimeSpan.FromSeconds(5));

        using var whileSlow = await provider.GetOrdersAsync();
        Assert.Equal(HttpStatusCode.OK, whileSlow.StatusCode);
        Assert.False(whileSlow.Headers.Contains("Deprecation"));

        sundial.PolicyDelay = TimeSpan.Zero;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var later = await provider.GetOrdersAsync();

        Assert.Equal("@1688169599", later.Headers.GetValues("Deprecation").Single());
        Assert.Equal(1, sundial.PolicyCalls);
    }

    [Fact]
    public async Task AffectedRequest_GetsDeprecationSunsetAndBothLinkValues_FromTheCache()
    {
        await using var sundial = new FakeSundial { Policy = FakeSundial.Affected("deprecated", refuse: false) };
        await sundial.StartAsync();
        await using var provider = await ProviderApp.StartAsync(sundial.BaseAddress);

        using var first = await provider.GetOrdersAsync();
        using var second = await provider.GetOrdersAsync();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Sun, 30 Jun 2024 23:59:59 GMT", second.Headers.GetValues("Sunset").Single());
        Assert.Equal(2, second.Headers.GetValues("Link").Count());
        Assert.Equal(1, sundial.PolicyCalls);
    }

    [Fact]
    public async Task Brownout_RefusesWith410ProblemAndTheHeaders()
    {
        await using var sundial = new FakeSundial { Policy = FakeSundial.Affected("brownout", refuse: true) };
        await sundial.StartAsync();
        await using var provider = await ProviderApp.StartAsync(sundial.BaseAddress);

        using var response = await provider.GetOrdersAsync();

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("brownout", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Deprecation"));
    }

    [Fact]
    public async Task FullBuffer_DropsAndCountsEvents_WithoutBlockingRequests()
    {
        await using var sundial = new FakeSundial();
        await sundial.StartAsync();
        await sundial.StopAsync();
        await using var provider = await ProviderApp.StartAsync(sundial.BaseAddress, o => { o.BufferCapacity = 2; o.MaxBatchSize = 1; });

        for (var i = 0; i < 10; i++)
        {
            using var response = await provider.GetOrdersAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Two wait in the buffer and the sender holds at most one batch of one for its retries.
        Assert.InRange(provider.Recorder.Dropped, 7, 8);
    }
}
