namespace Dashboard.Notifications;

/// <summary>How the SMTP connection is secured.</summary>
public enum MailSecurity
{
    /// <summary>SSL on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto = 0,

    /// <summary>Require STARTTLS.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect = 2,

    /// <summary>Plain text; only for a local relay or a test server.</summary>
    None = 3,
}
