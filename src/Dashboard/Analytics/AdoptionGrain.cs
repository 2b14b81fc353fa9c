namespace Dashboard.Analytics;

/// <summary>Width of one chart bucket: an hour, or a day in the viewer's time zone.</summary>
public enum AdoptionGrain
{
    Hour,
    Day,
}
