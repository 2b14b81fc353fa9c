using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Timelines;

/// <summary>Runs <see cref="PlanStatusAdvancer"/> at start and then every <see cref="TimelinesOptions.StatusCheckInterval"/>.</summary>
public sealed partial class PlanStatusService(
    IServiceScopeFactory scopeFactory,
    IOptions<TimelinesOptions> options,
    TimeProvider timeProvider,
    ILogger<PlanStatusService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatusCheckInterval, timeProvider);
        do
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var moved = await scope.ServiceProvider.GetRequiredService<PlanStatusAdvancer>().AdvanceAsync(stoppingToken);
                if (moved > 0)
                {
                    LogMoved(logger, moved);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick retries; a locked or briefly unavailable database must not stop status updates for good.
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "{Count} deprecation plan(s) moved to their next status by date.")]
    private static partial void LogMoved(ILogger logger, int count);

    [LoggerMessage(EventId = 71, Level = LogLevel.Error, Message = "Advancing deprecation plan statuses failed; retrying at the next check.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
