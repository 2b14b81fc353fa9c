using System.Globalization;
using Dashboard.Timelines;
using Dashboard.Validation;

namespace Dashboard.Components.Pages.Timelines;

/// <summary>
/// The plan form's state: dates as the viewer's local wall-clock times (an HTML datetime-local value) that become UTC
/// instants through the viewer's zone on save.
/// </summary>
public sealed class PlanForm
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public string? FlagKey { get; set; }

    public string? Title { get; set; }

    public string? ApiVersionFrom { get; set; }

    public string? ApiVersionBelow { get; set; }

    public string? ClientTypes { get; set; }

    public string? AnnounceAt { get; set; }

    public string? DeprecationAt { get; set; }

    public string? SunsetAt { get; set; }

    public string? MigrationGuideUrl { get; set; }

    public string? Notes { get; set; }

    public string? Owner { get; set; }

    public List<BrownoutForm> Brownouts { get; set; } = [];

    public static PlanForm From(PlanDetail detail, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var plan = detail.Summary;
        return new PlanForm
        {
            FlagKey = plan.FlagKey,
            Title = plan.Title,
            ApiVersionFrom = plan.ApiVersionFrom,
            ApiVersionBelow = plan.ApiVersionBelow,
            ClientTypes = string.Join(", ", plan.ClientTypes),
            AnnounceAt = ToLocal(plan.AnnounceAt, zone),
            DeprecationAt = ToLocal(plan.DeprecationAt, zone),
            SunsetAt = ToLocal(plan.SunsetAt, zone),
            MigrationGuideUrl = detail.MigrationGuideUrl,
            Notes = detail.Notes,
            Owner = plan.Owner,
            Brownouts = plan.Brownouts.Select(b => new BrownoutForm { StartsAt = ToLocal(b.StartsAt, zone), EndsAt = ToLocal(b.EndsAt, zone), OnlyLaggards = b.OnlyLaggards, Note = b.Note }).ToList(),
        };
    }

    /// <summary>The input for <see cref="PlanService"/>; unreadable dates become field errors in <paramref name="errors"/>.</summary>
    public PlanInput ToInput(TimeZoneInfo zone, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new PlanInput
        {
            FlagKey = FlagKey,
            Title = Title,
            ApiVersionFrom = ApiVersionFrom,
            ApiVersionBelow = ApiVersionBelow,
            ClientTypes = (ClientTypes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            AnnounceAt = ToUtc(AnnounceAt, zone, "announceAt", errors),
            DeprecationAt = ToUtc(DeprecationAt, zone, "deprecationAt", errors),
            SunsetAt = ToUtc(SunsetAt, zone, "sunsetAt", errors),
            MigrationGuideUrl = MigrationGuideUrl,
            Notes = Notes,
            Owner = Owner,
            Brownouts = Brownouts.Select((b, i) => new BrownoutInput
            {
                StartsAt = ToUtc(b.StartsAt, zone, $"brownouts[{i}].startsAt", errors),
                EndsAt = ToUtc(b.EndsAt, zone, $"brownouts[{i}].endsAt", errors),
                OnlyLaggards = b.OnlyLaggards,
                Note = b.Note,
            }).ToList(),
        };
    }

    public static string? ToLocal(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } value ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), zone).ToString(LocalFormat, CultureInfo.InvariantCulture) : null;

    /// <summary>A wall-clock time skipped by a daylight-saving change is moved forward to the first valid minute.</summary>
    public static DateTime? ToUtc(string? local, TimeZoneInfo zone, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(local))
        {
            return null;
        }

        if (!DateTime.TryParseExact(local, [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            errors.Add(field, "Enter a date and time, e.g. 2027-01-31 09:00.");
            return null;
        }

        while (zone.IsInvalidTime(wallClock))
        {
            wallClock = wallClock.AddMinutes(15);
        }

        return TimeZoneInfo.ConvertTimeToUtc(wallClock, zone);
    }
}
