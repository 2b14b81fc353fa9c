namespace Dashboard.Analytics;

/// <summary>An adoption chart to compute: the UTC range [<paramref name="From"/>, <paramref name="To"/>), the bucket width and the series.</summary>
public sealed record AdoptionRequest(
    DateTimeOffset From,
    DateTimeOffset To,
    AdoptionGrain Grain,
    AdoptionGroupBy GroupBy,
    VersionGranularity Granularity = VersionGranularity.Exact);
