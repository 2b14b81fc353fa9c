namespace Dashboard.Analytics;

/// <summary>
/// The ranges the adoption charts offer, aligned to whole buckets in the viewer's zone, and the one rule that decides
/// which grain a range is shown in.
/// </summary>
public static class AdoptionRanges
{
    public const string DefaultPreset = "30d";
    public const string CustomPreset = "custom";

    public static IReadOnlyList<string> PresetKeys { get; } = ["24h", "7d", "30d", "90d"];

    public static bool TryGetHours(string? preset, out int hours)
    {
        hours = preset switch
        {
            "24h" => 24,
            "7d" => 7 * 24,
            "30d" => 30 * 24,
            "90d" => 90 * 24,
            _ => 0,
        };
        return hours > 0;
    }

    /// <summary>
    /// The grain a range is shown in: hours for a range of a day or less (a day bucket would show the calendar day, not
    /// the last 24 hours), days beyond <paramref name="hourGrainMaxDays"/>, otherwise the grain asked for.
    /// </summary>
    public static AdoptionGrain EffectiveGrain(AdoptionGrain requested, TimeSpan span, int hourGrainMaxDays) =>
        span <= TimeSpan.FromDays(1) ? AdoptionGrain.Hour
        : !HourGrainAllowed(span, hourGrainMaxDays) ? AdoptionGrain.Day
        : requested;

    /// <summary>Whether hourly buckets may cover <paramref name="span"/>; the read API refuses <c>grain=hour</c> beyond it.</summary>
    public static bool HourGrainAllowed(TimeSpan span, int hourGrainMaxDays) => span <= TimeSpan.FromDays(hourGrainMaxDays);

    /// <summary>What the chart says when it shows days although hours were asked for.</summary>
    public static string HourGrainLimitNote(int hourGrainMaxDays) => $"Shown by day: hour grain is limited to {hourGrainMaxDays} days.";

    /// <summary>
    /// A preset range ending now, with the grain it is shown in: the last <c>hours</c> hours up to the end of the current
    /// hour in hourly buckets, or the local days that cover them, including today, in daily buckets.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To, AdoptionGrain Grain) Preset(string preset, AdoptionGrain requested, DateTimeOffset now, TimeZoneInfo zone, int hourGrainMaxDays)
    {
        if (!TryGetHours(preset, out var hours))
        {
            throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown range preset.");
        }

        var grain = EffectiveGrain(requested, TimeSpan.FromHours(hours), hourGrainMaxDays);
        var (from, to) = Last(hours, now, zone, grain);
        return (from, to, grain);
    }

    /// <summary>
    /// The last <paramref name="hours"/> hours up to the end of the current hour (hour grain), or the local days that
    /// cover them, including today (day grain).
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) Last(int hours, DateTimeOffset now, TimeZoneInfo zone, AdoptionGrain grain)
    {
        var nowSeconds = now.ToUnixTimeSeconds();
        if (grain == AdoptionGrain.Hour)
        {
            var end = (LocalDays.FloorDiv(nowSeconds, 3600) + 1) * 3600;
            return (DateTimeOffset.FromUnixTimeSeconds(end - (hours * 3600L)), DateTimeOffset.FromUnixTimeSeconds(end));
        }

        var today = LocalDays.ToDate(LocalDays.DayNumber(nowSeconds, zone));
        var days = Math.Max(1, hours / 24);
        return Days(today.AddDays(1 - days), today, zone);
    }

    /// <summary>Whole local days from <paramref name="first"/> through <paramref name="last"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Days(DateOnly first, DateOnly last, TimeZoneInfo zone) =>
        (DateTimeOffset.FromUnixTimeSeconds(LocalDays.StartOfLocalDay(first, zone)),
         DateTimeOffset.FromUnixTimeSeconds(LocalDays.StartOfLocalDay(last.AddDays(1), zone)));
}
