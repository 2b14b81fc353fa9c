using System.ComponentModel.DataAnnotations;
using Dashboard.Validation;

namespace Dashboard.Options;

/// <summary>Campaigns, reminders and unsubscribe links (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    private static readonly int[] DefaultReminderOffsets = [90, 30, 7, 1];

    /// <summary>Public address of the dashboard, used to build unsubscribe links in emails.</summary>
    [Required(ErrorMessage = "Notifications:PublicBaseUrl must be set to the dashboard's public address.")]
    [HttpUrl(ErrorMessage = "Notifications:PublicBaseUrl must be an absolute http(s) URL without control or invisible characters, e.g. https://sundial.example.com.")]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Days before the sunset at which reminders go out; empty means the defaults 90, 30, 7 and 1.</summary>
    public int[]? ReminderOffsetsDays { get; set; }

    /// <summary>Days before each brownout at which a reminder goes out; 0 turns brownout reminders off.</summary>
    [Range(0, 60, ErrorMessage = "Notifications:BrownoutReminderDays must be between 0 and 60.")]
    public int BrownoutReminderDays { get; set; } = 3;

    /// <summary>Send the final notice (the last reminder before the sunset) to every contact, even unsubscribed ones.</summary>
    public bool FinalNoticeAsServiceNotice { get; set; }

    /// <summary>How often scheduled campaigns and due reminders are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Notifications:SchedulerInterval must be between 1 second and 1 hour.")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an unsubscribe link in a sent email stays valid.</summary>
    [Range(1, 3650, ErrorMessage = "Notifications:UnsubscribeLinkLifetimeDays must be between 1 and 3650.")]
    public int UnsubscribeLinkLifetimeDays { get; set; } = 365;

    /// <summary>Right-hand side of the deterministic Message-ID of each email.</summary>
    [Required(ErrorMessage = "Notifications:MessageIdDomain must be set.")]
    [RegularExpression(@"^[A-Za-z0-9.-]+$", ErrorMessage = "Notifications:MessageIdDomain must be a host name such as 'sundial.example.com'.")]
    public string MessageIdDomain { get; set; } = "sundial.local";

    public IReadOnlyList<int> EffectiveReminderOffsets =>
        ReminderOffsetsDays is { Length: > 0 } offsets ? offsets.Distinct().OrderDescending().ToArray() : DefaultReminderOffsets;
}
