namespace Dashboard.Analytics;

/// <summary>
/// Day buckets in the viewer's time zone for hourly data stored in UTC. SQL groups by
/// <c>(HourStart + offset) / 86400</c>, which is exact while the offset is constant, so a range is split where the
/// zone changes its offset (daylight saving) and each piece is grouped with its own offset.
/// </summary>
public static class LocalDays
{
    public const long SecondsPerDay = 86_400;

    public static IReadOnlyList<LocalDaySegment> Segments(long fromUnixSeconds, long toUnixSeconds, TimeZoneInfo zone)
    {
        var segments = new List<LocalDaySegment>();
        var start = fromUnixSeconds;
        while (start < toUnixSeconds)
        {
            var offset = OffsetAt(start, zone);
            var end = start;
            // Offsets change at most a few times a year; probing hour by hour finds each change exactly for hourly data.
            while (end < toUnixSeconds && OffsetAt(end, zone) == offset)
            {
                end = Math.Min(toUnixSeconds, end + 3600);
            }

            segments.Add(new LocalDaySegment(start, end, offset));
            start = end;
        }

        return segments;
    }

    /// <summary>The local calendar date a day number (days since 1970-01-01 local) stands for.</summary>
    public static DateOnly ToDate(long localDayNumber) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)localDayNumber);

    /// <summary>The local day number of a UTC instant.</summary>
    public static long DayNumber(long unixSeconds, TimeZoneInfo zone) => FloorDiv(unixSeconds + OffsetAt(unixSeconds, zone), SecondsPerDay);

    /// <summary>The UTC instant, in Unix seconds, at which a local date starts.</summary>
    public static long StartOfLocalDay(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeSeconds();
    }

    public static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    private static long OffsetAt(long unixSeconds, TimeZoneInfo zone) =>
        (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).TotalSeconds;
}
