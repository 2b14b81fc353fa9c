using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Analytics;

/// <summary>
/// One timer per circuit that asks the open pages to re-query every <see cref="AnalyticsOptions.RefreshSeconds"/>.
/// Subscribers run one after another and a tick that arrives while they run is merged into the next, so each page's
/// queries run at most once per interval. The timer stops when the last subscriber leaves or the circuit ends.
/// </summary>
public sealed class LiveRefresh(TimeProvider timeProvider, IOptions<AnalyticsOptions> options) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<Func<CancellationToken, Task>> subscribers = [];
    private PeriodicTimer? timer;
    private CancellationTokenSource? stopping;
    private Task? loop;

    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.RefreshSeconds);

    public bool IsRunning
    {
        get
        {
            lock (gate)
            {
                return timer is not null;
            }
        }
    }

    /// <summary>Runs <paramref name="refresh"/> on every tick until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<CancellationToken, Task> refresh)
    {
        lock (gate)
        {
            subscribers.Add(refresh);
            if (timer is null)
            {
                timer = new PeriodicTimer(Interval, timeProvider);
                stopping = new CancellationTokenSource();
                loop = RunAsync(timer, stopping.Token);
            }
        }

        return new Subscription(this, refresh);
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            subscribers.Clear();
            running = StopLocked();
        }

        if (running is not null)
        {
            await running;
        }
    }

    private void Unsubscribe(Func<CancellationToken, Task> refresh)
    {
        lock (gate)
        {
            subscribers.Remove(refresh);
            if (subscribers.Count == 0)
            {
                _ = StopLocked();
            }
        }
    }

    private Task? StopLocked()
    {
        var running = loop;
        stopping?.Cancel();
        timer?.Dispose();
        stopping?.Dispose();
        timer = null;
        stopping = null;
        loop = null;
        return running;
    }

    private async Task RunAsync(PeriodicTimer periodicTimer, CancellationToken cancellationToken)
    {
        try
        {
            while (await periodicTimer.WaitForNextTickAsync(cancellationToken))
            {
                Func<CancellationToken, Task>[] current;
                lock (gate)
                {
                    current = [.. subscribers];
                }

                foreach (var refresh in current)
                {
                    await refresh(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the page left or the circuit closed.
        }
        catch (ObjectDisposedException)
        {
            // The token source was disposed while a refresh was finishing; same as stopped.
        }
    }

    private sealed class Subscription(LiveRefresh owner, Func<CancellationToken, Task> refresh) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(refresh);
            }
        }
    }
}
