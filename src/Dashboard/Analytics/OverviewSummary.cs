namespace Dashboard.Analytics;

/// <summary>The Overview's KPIs for the last 7 days and for the 7 days before, to show the trend.</summary>
public sealed record OverviewSummary(OverviewKpis Current, OverviewKpis Previous)
{
    /// <summary>Change of the legacy share in percentage points (0..1 scale); null when either period has no evaluations.</summary>
    public double? LegacyShareChange => Current.LegacyShare - Previous.LegacyShare;

    /// <summary>Change of the metadata problem share (0..1 scale); null when either period has no evaluations.</summary>
    public double? VersionProblemShareChange => Current.VersionProblemShare - Previous.VersionProblemShare;
}
