namespace Dashboard.Analytics;

/// <summary>The ranges the adoption charts offer, aligned to whole buckets in the viewer's zone.</summary>
public static class AdoptionRanges
{
    public static IReadOnlyList<string> PresetKeys { get; } = ["24h", "7d", "30d", "90d"];

    public static bool TryGetHours(string preset, out int hours)
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
