using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Analytics;

/// <summary>
/// The one live-refresh mechanism of a circuit: open pages subscribe and are asked to re-query every
/// <see cref="AnalyticsOptions.RefreshSeconds"/> (or at an interval of their own, e.g. a campaign that is sending).
/// Subscribers of one interval run one after another and a tick that arrives while they run is merged into the next, so
/// each page's queries run at most once per interval. A timer stops when its last subscriber leaves or the circuit ends.
/// </summary>
public sealed class LiveRefresh(TimeProvider timeProvider, IOptions<AnalyticsOptions> options) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<TimeSpan, Ticker> tickers = [];

    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.RefreshSeconds);

    public bool IsRunning
    {
        get
        {
            lock (gate)
            {
                return tickers.Count > 0;
            }
        }
    }

    /// <summary>Runs <paramref name="refresh"/> on every tick of <see cref="Interval"/> until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<CancellationToken, Task> refresh) => Subscribe(Interval, refresh);

    /// <summary>Runs <paramref name="refresh"/> every <paramref name="interval"/> until the returned handle is disposed.</summary>
    public IDisposable Subscribe(TimeSpan interval, Func<CancellationToken, Task> refresh)
    {
        lock (gate)
        {
            if (!tickers.TryGetValue(interval, out var ticker))
            {
                ticker = new Ticker(this, new PeriodicTimer(interval, timeProvider));
                tickers[interval] = ticker;
            }

            ticker.Subscribers.Add(refresh);
        }

        return new Subscription(this, interval, refresh);
    }

    public async ValueTask DisposeAsync()
    {
        Ticker[] stopped;
        lock (gate)
        {
            stopped = [.. tickers.Values];
            tickers.Clear();
        }

        foreach (var ticker in stopped)
        {
            await ticker.StopAsync();
        }
    }

    private void Unsubscribe(TimeSpan interval, Func<CancellationToken, Task> refresh)
    {
        lock (gate)
        {
            if (tickers.TryGetValue(interval, out var ticker) && ticker.Subscribers.Remove(refresh) && ticker.Subscribers.Count == 0)
            {
                tickers.Remove(interval);
                _ = ticker.StopAsync();
            }
        }
    }

    private sealed class Ticker : IDisposable
    {
        private readonly LiveRefresh owner;
        private readonly PeriodicTimer timer;
        private readonly CancellationTokenSource stopping = new();
        private readonly Task loop;

        public Ticker(LiveRefresh owner, PeriodicTimer timer)
        {
            this.owner = owner;
            this.timer = timer;
            loop = RunAsync(stopping.Token);
        }

        public List<Func<CancellationToken, Task>> Subscribers { get; } = [];

        public async Task StopAsync()
        {
            await stopping.CancelAsync();
            timer.Dispose();
            await loop;
            Dispose();
        }

        public void Dispose() => stopping.Dispose();

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    Func<CancellationToken, Task>[] current;
                    lock (owner.gate)
                    {
                        current = [.. Subscribers];
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
        }
    }

    private sealed class Subscription(LiveRefresh owner, TimeSpan interval, Func<CancellationToken, Task> refresh) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(interval, refresh);
            }
        }
    }
}
