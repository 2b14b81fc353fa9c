using System.Globalization;
using System.Net.Sockets;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Sends due outbox messages. A batch is leased first (status Sending, owner, lease expiry), so a crash mid-batch leaves
/// rows that any later run takes over once the lease expires: nothing is lost, and at most the message in flight at the
/// crash is sent twice (with the same Message-ID). Transient SMTP replies (4xx) are retried with exponential backoff,
/// permanent ones (5xx) fail the message with the server's reply, and an unreachable server leaves messages pending.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<DashboardDbContext> dbFactory,
    OutboxMessageComposer composer,
    MailTransportStatus status,
    IOptions<MailOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger)
{
    private const int MaxErrorLength = 1000;

    /// <summary>Leases and sends one batch; returns how many messages it leased (0 when nothing is due).</summary>
    public async Task<int> RunOnceAsync(IMailTransport transport, Func<CancellationToken, ValueTask>? pace, CancellationToken cancellationToken)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");
        var batch = await LeaseAsync(owner, cancellationToken);
        for (var index = 0; index < batch.Count; index++)
        {
            var message = batch[index];
            if (pace is not null)
            {
                await pace(cancellationToken);
            }

            try
            {
                await transport.SendAsync(composer.Compose(message), cancellationToken);
                await MarkSentAsync(message, owner);
                status.Succeeded(Now);
            }
            catch (SmtpCommandException exception) when ((int)exception.StatusCode is >= 400 and < 500)
            {
                await RescheduleAsync(message, owner, Reply(exception));
            }
            catch (SmtpCommandException exception)
            {
                await FailAsync(message, owner, Reply(exception));
            }
            catch (Exception exception) when (IsTransportUnavailable(exception, cancellationToken))
            {
                // The server cannot be reached: give this and the rest of the batch back untouched, to try again later.
                var error = "Mail server unavailable: " + exception.Message;
                status.Failed(Now, error);
                LogTransportUnavailable(logger, transport.Description, exception.Message);
                await ReleaseAsync(batch.Skip(index).Select(m => m.Id).ToList(), owner, error);
                break;
            }
        }

        if (batch.Count > 0)
        {
            await CompleteFinishedCampaignsAsync(CancellationToken.None);
        }

        return batch.Count;
    }

    public async Task<int> CompleteFinishedCampaignsAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns
            .Where(c => c.Status == CampaignStatus.Sending
                && !db.OutboxMessages.Any(m => m.CampaignId == c.Id && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Completed).SetProperty(c => c.CompletedAt, now), cancellationToken);
    }

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    private async Task<List<OutboxMessage>> LeaseAsync(string owner, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + options.Value.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = db.OutboxMessages.Where(m =>
            (m.Status == OutboxStatus.Pending && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            || (m.Status == OutboxStatus.Sending && m.LeaseUntil < now));
        var ids = await due.OrderBy(m => m.Id).Select(m => m.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        // Re-checking "due" in the update makes the lease safe against another dispatcher that read the same ids.
        await due.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.LeaseOwner, owner).SetProperty(m => m.LeaseUntil, until),
            cancellationToken);
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LeaseOwner == owner && m.Status == OutboxStatus.Sending)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    // Outcomes are recorded even while the app stops: the message has already left.
    private async Task MarkSentAsync(OutboxMessage message, string owner)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await Leased(db, message, owner).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sent)
            .SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTime?)null));
    }

    private async Task RescheduleAsync(OutboxMessage message, string owner, string reply)
    {
        var attempts = message.Attempts + 1;
        if (attempts >= options.Value.MaxAttempts)
        {
            await FailAsync(message, owner, $"{reply} (gave up after {attempts} attempts)");
            return;
        }

        var nextAttempt = Now + Backoff(attempts);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await Leased(db, message, owner).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Pending)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, nextAttempt)
            .SetProperty(m => m.LastError, Truncate(reply))
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTime?)null));
        LogDeferred(logger, message.MessageId, reply, nextAttempt);
    }

    private async Task FailAsync(OutboxMessage message, string owner, string reply)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await Leased(db, message, owner).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Failed)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.LastError, Truncate(reply))
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTime?)null));
        LogFailed(logger, message.MessageId, reply);
    }

    private async Task ReleaseAsync(List<long> ids, string owner, string error)
    {
        var nextAttempt = Now + options.Value.RetryDelay;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeaseOwner == owner && m.Status == OutboxStatus.Sending).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Pending)
            .SetProperty(m => m.NextAttemptAt, nextAttempt)
            .SetProperty(m => m.LastError, Truncate(error))
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTime?)null));
    }

    private static IQueryable<OutboxMessage> Leased(DashboardDbContext db, OutboxMessage message, string owner) =>
        db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == owner && m.Status == OutboxStatus.Sending);

    private TimeSpan Backoff(int attempts)
    {
        var delay = options.Value.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < options.Value.MaxRetryDelay ? delay : options.Value.MaxRetryDelay;
    }

    private static string Reply(SmtpCommandException exception) =>
        ((int)exception.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + exception.Message.Trim();

    private static bool IsTransportUnavailable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SocketException or IOException or ProtocolException or ServiceNotConnectedException or AuthenticationException or SslHandshakeException or TimeoutException => true,
        _ => false,
    };

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(EventId = 800, Level = LogLevel.Warning, Message = "Mail transport {Transport} unavailable: {Error}. Messages stay pending.")]
    private static partial void LogTransportUnavailable(ILogger logger, string transport, string error);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Message {MessageId} deferred by the server ({Reply}); next attempt at {NextAttempt:u}.")]
    private static partial void LogDeferred(ILogger logger, string messageId, string reply, DateTime nextAttempt);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Message {MessageId} failed permanently: {Reply}")]
    private static partial void LogFailed(ILogger logger, string messageId, string reply);
}
