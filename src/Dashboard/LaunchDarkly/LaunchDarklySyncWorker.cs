namespace Dashboard.LaunchDarkly;

/// <summary>Runs the LaunchDarkly sync on the configured interval while a token and at least one mapping exist.</summary>
public sealed partial class LaunchDarklySyncWorker(
    LaunchDarklySync sync,
    LaunchDarklySettingsStore settingsStore,
    TimeProvider timeProvider,
    ILogger<LaunchDarklySyncWorker> logger) : BackgroundService
{
    /// <summary>How often to look again while the sync is off, so turning it on in the UI takes effect soon.</summary>
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var settings = await settingsStore.GetAsync(stoppingToken);
                wait = settings.SyncInterval > TimeSpan.Zero ? settings.SyncInterval : IdleRecheck;
                var hasToken = settings.TokenSource is LaunchDarklyTokenSource.Configuration or LaunchDarklyTokenSource.Settings;
                if (settings.SyncInterval > TimeSpan.Zero && hasToken && IsDue(settings, settings.SyncInterval))
                {
                    await sync.SyncAsync("system", progress: null, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The sync records its own expected failures; this is the unexpected rest (e.g. the database is locked).
                LogSyncCrashed(logger, exception);
                wait = IdleRecheck;
            }

            try
            {
                await Task.Delay(Min(wait, IdleRecheck), timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private bool IsDue(LaunchDarklySettings settings, TimeSpan interval) =>
        settings.LastSync is not { } last || timeProvider.GetUtcNow().UtcDateTime - last.StartedAt >= interval;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 511, Level = LogLevel.Error, Message = "The LaunchDarkly sync loop failed; it retries in a minute")]
    private static partial void LogSyncCrashed(ILogger logger, Exception exception);
}
