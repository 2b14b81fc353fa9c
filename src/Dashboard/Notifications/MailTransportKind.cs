namespace Dashboard.Notifications;

public enum MailTransportKind
{
    /// <summary>Writes each message as an <c>.eml</c> file; nothing leaves the machine.</summary>
    Pickup = 0,

    /// <summary>Sends through an SMTP server with MailKit.</summary>
    Smtp = 1,
}
