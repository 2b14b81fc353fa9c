using Dashboard.Analytics;
using Dashboard.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class LiveRefreshTests
{
    [Fact]
    public async Task Subscribe_RunsOncePerInterval_AndStopsWhenTheLastSubscriberLeaves()
    {
        var time = new FakeTimeProvider();
        await using var live = new LiveRefresh(time, Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { RefreshSeconds = 15 }));
        var calls = 0;
        var ticked = new SemaphoreSlim(0);
        var subscription = live.Subscribe(_ =>
        {
            Interlocked.Increment(ref calls);
            ticked.Release();
            return Task.CompletedTask;
        });

        time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(await ticked.WaitAsync(100));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await ticked.WaitAsync(5000));
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await ticked.WaitAsync(5000));
        Assert.Equal(2, calls);

        subscription.Dispose();
        Assert.False(live.IsRunning);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await ticked.WaitAsync(100));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task SlowRefresh_MissedTicksCollapse_SoQueriesNeverOverlap()
    {
        var time = new FakeTimeProvider();
        await using var live = new LiveRefresh(time, Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { RefreshSeconds = 15 }));
        var release = new TaskCompletionSource();
        var started = new SemaphoreSlim(0);
        var running = 0;
        var maxRunning = 0;
        var calls = 0;
        using var subscription = live.Subscribe(async _ =>
        {
            var now = Interlocked.Increment(ref running);
            maxRunning = Math.Max(maxRunning, now);
            Interlocked.Increment(ref calls);
            started.Release();
            await release.Task;
            Interlocked.Decrement(ref running);
        });

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await started.WaitAsync(5000));
        time.Advance(TimeSpan.FromSeconds(15 * 5));
        release.SetResult();
        Assert.True(await started.WaitAsync(5000));

        Assert.Equal(2, calls);
        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public async Task OwnInterval_TicksOnItsOwnSchedule_WithoutSpeedingUpTheDefault()
    {
        var time = new FakeTimeProvider();
        await using var live = new LiveRefresh(time, Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { RefreshSeconds = 15 }));
        var fast = new SemaphoreSlim(0);
        var slow = new SemaphoreSlim(0);
        using var fastSubscription = live.Subscribe(TimeSpan.FromSeconds(2), _ => { fast.Release(); return Task.CompletedTask; });
        using var slowSubscription = live.Subscribe(_ => { slow.Release(); return Task.CompletedTask; });

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await fast.WaitAsync(5000));
        Assert.False(await slow.WaitAsync(100));
        fastSubscription.Dispose();
        Assert.True(live.IsRunning);
    }
}
