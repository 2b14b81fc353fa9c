using System.Threading.RateLimiting;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>Runs the dispatcher continuously, rate-limited to <c>Mail:MessagesPerSecond</c>, sleeping when nothing is due.</summary>
public sealed partial class OutboxDispatcherService(
    OutboxDispatcher dispatcher,
    MailTransportFactory transports,
    OutboxSignal signal,
    IOptions<MailOptions> options,
    ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perSecond = options.Value.MessagesPerSecond;
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            // Refill in tenths of a second so the pace is even rather than a burst at the top of each second.
            TokenLimit = Math.Max(1, perSecond / 10),
            TokensPerPeriod = Math.Max(1, perSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, perSecond / 10) / (double)perSecond),
            QueueLimit = 1,
            AutoReplenishment = true,
        });
        await using var transport = transports.Create();
        LogStarted(logger, transport.Description, perSecond);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var leased = await dispatcher.RunOnceAsync(transport, async token => (await limiter.AcquireAsync(1, token)).Dispose(), stoppingToken);
                if (leased == 0)
                {
                    await transport.DisconnectAsync(stoppingToken);
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A database hiccup must not stop delivery for good; the next round retries.
                LogRoundFailed(logger, exception);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "Outbox dispatcher started: {Transport}, at most {PerSecond} messages per second.")]
    private static partial void LogStarted(ILogger logger, string transport, int perSecond);

    [LoggerMessage(EventId = 811, Level = LogLevel.Error, Message = "Outbox dispatch round failed; retrying.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
