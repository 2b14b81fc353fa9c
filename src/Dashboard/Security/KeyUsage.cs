using System.Collections.Concurrent;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Security;

/// <summary>
/// Records when API and SDK keys were last used, off the request path: authentication notes the time in memory and this
/// service writes the latest time per key every <see cref="FlushInterval"/>. A failed write (database busy or read-only)
/// is logged and retried with the next flush; requests never wait for it.
/// </summary>
public sealed partial class KeyUsage(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider, ILogger<KeyUsage> logger) : BackgroundService
{
    /// <summary>One write per used key per half minute at most, as precise as "last used" needs to be.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(30);

    private ConcurrentDictionary<int, DateTime> apiKeys = new();
    private ConcurrentDictionary<int, DateTime> sdkKeys = new();

    public void ApiKeyUsed(int id) => apiKeys[id] = timeProvider.GetUtcNow().UtcDateTime;

    public void SdkKeyUsed(int id) => sdkKeys[id] = timeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Writes the recorded times; returns false (after logging) when the database did not take them, keeping them for the next flush.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var api = Interlocked.Exchange(ref apiKeys, new ConcurrentDictionary<int, DateTime>());
        var sdk = Interlocked.Exchange(ref sdkKeys, new ConcurrentDictionary<int, DateTime>());
        if (api.IsEmpty && sdk.IsEmpty)
        {
            return true;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var (id, at) in api)
            {
                await db.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), cancellationToken);
            }

            foreach (var (id, at) in sdk)
            {
                await db.SdkKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), cancellationToken);
            }

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(logger, exception, api.Count + sdk.Count);
            // Keep what was not written; a later use of the same key is newer and wins.
            foreach (var (id, at) in api)
            {
                apiKeys.TryAdd(id, at);
            }

            foreach (var (id, at) in sdk)
            {
                sdkKeys.TryAdd(id, at);
            }

            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Could not record when {Keys} keys were last used; retrying with the next flush.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int keys);
}
