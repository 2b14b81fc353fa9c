using System.Globalization;
using Dashboard.Options;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Dashboard.Notifications;

/// <summary>MailKit SMTP, keeping one connection open across a burst of messages.</summary>
public sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    private readonly SmtpClient client = new() { Timeout = (int)options.Timeout.TotalMilliseconds };

    public string Description => string.IsNullOrWhiteSpace(options.Host)
        ? "SMTP (not configured: set Mail:Host)"
        : string.Create(CultureInfo.InvariantCulture, $"SMTP {options.Host}:{options.Port} ({options.Security}{(options.UserName is null ? string.Empty : ", authenticated")})");

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            if (string.IsNullOrWhiteSpace(options.Host))
            {
                throw new ServiceNotConnectedException("Mail:Host is not set, so there is no SMTP server to send to. Configure Mail:Host (and Mail:Port, Mail:Security).");
            }

            await client.ConnectAsync(options.Host, options.Port, SocketOptions(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
            }
        }

        await client.SendAsync(message, cancellationToken);
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DisconnectAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or MailKit.ProtocolException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The connection is being thrown away; a failed QUIT changes nothing.
        }

        client.Dispose();
    }

    private static SecureSocketOptions SocketOptions(MailSecurity security) => security switch
    {
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        MailSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.Auto,
    };
}
