namespace Dashboard.Analytics;

/// <summary>A stretch of UTC time, in Unix seconds, over which the viewer's zone has one UTC offset.</summary>
public readonly record struct LocalDaySegment(long FromUnixSeconds, long ToUnixSeconds, long OffsetSeconds);
