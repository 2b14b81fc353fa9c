namespace Dashboard.Analytics;

/// <summary>A span of rollup hours, [<paramref name="FromUnixSeconds"/>, <paramref name="ToUnixSeconds"/>), that legacy figures are counted over.</summary>
/// <param name="Days">Length in days; null for all recorded history.</param>
public sealed record LegacyWindow(int? Days, long FromUnixSeconds, long ToUnixSeconds)
{
    /// <summary>The window as a caption says it: "last 7 days" or "all time".</summary>
    public string Caption => Days is { } days ? $"last {days} day{(days == 1 ? "" : "s")}" : "all time";

    public DateTimeOffset From => DateTimeOffset.FromUnixTimeSeconds(FromUnixSeconds);
}
