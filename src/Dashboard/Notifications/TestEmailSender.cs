using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Notifications;

/// <summary>Sends one test email straight through the configured transport, so the person sees the server's answer at once.</summary>
public sealed class TestEmailSender(
    MailTransportFactory transports,
    OutboxMessageComposer composer,
    IDbContextFactory<DashboardDbContext> dbFactory,
    AuditLog auditLog,
    IOptions<NotificationOptions> options)
{
    /// <summary>Null when the message was accepted, otherwise what went wrong.</summary>
    public async Task<string?> SendAsync(string to, string actor, CancellationToken cancellationToken = default)
    {
        if (CampaignAudience.AddressProblem(to.Trim()) is { } problem)
        {
            return $"'{to}' is an {problem}.";
        }

        string? failure = null;
        await using (var transport = transports.Create())
        {
            try
            {
                await transport.SendAsync(composer.ComposeTest(to.Trim(), options.Value.PublicBaseUrl), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = $"{transport.Description}: {exception.Message}";
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        auditLog.Record(db, actor, "mail.test", "Mail", null, failure is null ? $"Test email sent to {to}" : $"Test email to {to} failed: {failure}");
        await db.SaveChangesAsync(cancellationToken);
        return failure;
    }
}
