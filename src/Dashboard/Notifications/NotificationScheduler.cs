using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>Every <c>Notifications:SchedulerInterval</c>: starts scheduled campaigns that are due and queues due reminders.</summary>
public sealed partial class NotificationScheduler(
    IServiceScopeFactory scopes,
    IDbContextFactory<DashboardDbContext> dbFactory,
    OutboxSignal outboxSignal,
    IOptions<NotificationOptions> options,
    TimeProvider timeProvider,
    ILogger<NotificationScheduler> logger) : BackgroundService
{
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignService>();
        var now = timeProvider.GetUtcNow().UtcDateTime;
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Scheduled && c.ScheduledAt <= now)
                .OrderBy(c => c.ScheduledAt)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            await campaigns.StartScheduledAsync(id, cancellationToken);
        }

        var reminders = await scope.ServiceProvider.GetRequiredService<ReminderPlanner>().RunAsync(cancellationToken);
        if (due.Count > 0 || reminders > 0)
        {
            LogRound(logger, due.Count, reminders);
            outboxSignal.Notify();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One bad round (a locked database, a broken template) must not end scheduling for good.
                LogRoundFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 830, Level = LogLevel.Information, Message = "Scheduler: {Campaigns} scheduled campaigns started, {Reminders} reminder messages queued.")]
    private static partial void LogRound(ILogger logger, int campaigns, int reminders);

    [LoggerMessage(EventId = 831, Level = LogLevel.Error, Message = "Notification scheduling round failed; the next round retries.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
