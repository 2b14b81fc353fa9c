namespace Dashboard.Analytics;

/// <summary>The Overview's KPIs for the recent window and for the same span before it, to show the trend.</summary>
/// <param name="Window">The window <paramref name="Current"/> covers, for captions.</param>
public sealed record OverviewSummary(OverviewKpis Current, OverviewKpis Previous, LegacyWindow Window)
{
    /// <summary>Change of the legacy share in percentage points (0..1 scale); null when either period has no evaluations.</summary>
    public double? LegacyShareChange => Current.LegacyShare - Previous.LegacyShare;

    /// <summary>Change of the metadata problem share (0..1 scale); null when either period has no evaluations.</summary>
    public double? VersionProblemShareChange => Current.VersionProblemShare - Previous.VersionProblemShare;
}
