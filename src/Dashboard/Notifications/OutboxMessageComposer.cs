using Dashboard.Data.Entities;
using Dashboard.Options;
using Dashboard.Validation;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Notifications;

/// <summary>Turns an outbox row into the MIME message that is sent: multipart text + HTML, Message-ID and RFC 8058 headers.</summary>
public sealed class OutboxMessageComposer(IOptions<MailOptions> options, TimeProvider timeProvider)
{
    public MimeMessage Compose(OutboxMessage outbox)
    {
        var message = new MimeMessage
        {
            Subject = outbox.Subject,
            MessageId = outbox.MessageId,
            Date = timeProvider.GetUtcNow(),
        };
        message.From.Add(new MailboxAddress(options.Value.FromName, options.Value.FromAddress));
        message.To.Add(new MailboxAddress(outbox.ToName ?? string.Empty, outbox.ToAddress));
        if (outbox.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{HttpUrl.ToAscii(unsubscribe)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        // Tells auto-responders not to answer (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = outbox.TextBody, HtmlBody = outbox.HtmlBody }.ToMessageBody();
        return message;
    }

    public MimeMessage ComposeTest(string to, string dashboardUrl)
    {
        var message = new MimeMessage
        {
            Subject = "Sundial test email",
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(),
            Date = timeProvider.GetUtcNow(),
        };
        message.From.Add(new MailboxAddress(options.Value.FromName, options.Value.FromAddress));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = $"This is a test email from Sundial ({dashboardUrl}). Mail delivery works." };
        return message;
    }
}
