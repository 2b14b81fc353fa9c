namespace Dashboard.Analytics;

/// <summary>
/// An adoption chart: bucket starts (in the viewer's zone), one series per group in version order (invalid and missing
/// last), and per bucket the evaluations in total and on legacy variations.
/// </summary>
public sealed record AdoptionBreakdown(
    IReadOnlyList<DateTimeOffset> BucketStarts,
    IReadOnlyList<AdoptionSeries> Series,
    IReadOnlyList<long> Totals,
    IReadOnlyList<long> LegacyTotals)
{
    public bool IsEmpty => Series.Count == 0;

    /// <summary>Share of each bucket's evaluations on legacy variations, 0..1; null for a bucket without evaluations.</summary>
    public IReadOnlyList<double?> LegacyShare =>
        Totals.Select((total, i) => total == 0 ? (double?)null : (double)LegacyTotals[i] / total).ToList();
}
