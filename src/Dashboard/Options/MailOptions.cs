using System.ComponentModel.DataAnnotations;
using Dashboard.Notifications;

namespace Dashboard.Options;

/// <summary>Email delivery (section <c>Mail</c>). Credentials belong in user secrets or the environment, not in the repo.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary><c>Smtp</c> or <c>Pickup</c>; unset means Pickup in Development and Smtp elsewhere.</summary>
    public MailTransportKind? Transport { get; set; }

    /// <summary>Folder that receives one <c>.eml</c> file per message with the Pickup transport (relative to the content root).</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail-pickup";

    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Mail:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;

    public MailSecurity Security { get; set; } = MailSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required(ErrorMessage = "Mail:FromAddress must be set.")]
    [EmailAddress(ErrorMessage = "Mail:FromAddress must be an email address.")]
    public string FromAddress { get; set; } = "sundial@localhost";

    public string FromName { get; set; } = "Sundial";

    [Range(1, 10_000, ErrorMessage = "Mail:MessagesPerSecond must be between 1 and 10000.")]
    public int MessagesPerSecond { get; set; } = 20;

    /// <summary>Attempts after which a message that keeps getting transient (4xx) replies is marked failed.</summary>
    [Range(1, 50, ErrorMessage = "Mail:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the first retry; doubles with each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00", ErrorMessage = "Mail:RetryDelay must be between 100 ms and 1 hour.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Mail:MaxRetryDelay must be between 1 second and 1 day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a dispatcher owns the messages it leased; after that another run (or a restart) takes them over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Mail:LeaseDuration must be between 5 seconds and 1 hour.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 500, ErrorMessage = "Mail:BatchSize must be between 1 and 500.")]
    public int BatchSize { get; set; } = 50;

    /// <summary>Pause between outbox scans when nothing is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:10:00", ErrorMessage = "Mail:PollInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Mail:Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
