using MimeKit;

namespace Dashboard.Notifications;

/// <summary>Hands one message to the mail system. Throws MailKit's exceptions, which the dispatcher classifies.</summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <summary>Where mail goes, for the Settings → Mail page (never includes credentials).</summary>
    string Description { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>Releases an idle connection between bursts.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}
