namespace Dashboard.Analytics;

/// <summary>
/// An adoption chart: bucket starts (in the viewer's zone), one series per group in version order (invalid and missing
/// last), per bucket the evaluations in total and on legacy variations, and the grain the buckets are in (labels follow it).
/// </summary>
public sealed record AdoptionBreakdown(
    IReadOnlyList<DateTimeOffset> BucketStarts,
    IReadOnlyList<AdoptionSeries> Series,
    IReadOnlyList<long> Totals,
    IReadOnlyList<long> LegacyTotals,
    AdoptionGrain Grain = AdoptionGrain.Day)
{
    public const string OtherLabel = "other";

    public bool IsEmpty => Series.Count == 0;

    /// <summary>
    /// The <paramref name="count"/> series with the most evaluations, in their original order, and the rest summed into
    /// one <see cref="OtherLabel"/> series last; totals are unchanged.
    /// </summary>
    public AdoptionBreakdown WithTopSeries(int count)
    {
        if (Series.Count <= count)
        {
            return this;
        }

        var kept = Series.OrderByDescending(s => s.Total).Take(count).ToHashSet();
        var other = new long[BucketStarts.Count];
        foreach (var series in Series.Where(s => !kept.Contains(s)))
        {
            for (var i = 0; i < other.Length; i++)
            {
                other[i] += series.Counts[i];
            }
        }

        return this with { Series = [.. Series.Where(kept.Contains), new AdoptionSeries(OtherLabel, other)] };
    }

    /// <summary>Bucket starts as the table, CSV and tooltips write them: ISO date for days, plus the hour for hours.</summary>
    public string BucketLabel(int index) => BucketStarts[index].ToString(
        Grain == AdoptionGrain.Hour ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Share of each bucket's evaluations on legacy variations, 0..1; null for a bucket without evaluations.</summary>
    public IReadOnlyList<double?> LegacyShare =>
        Totals.Select((total, i) => total == 0 ? (double?)null : (double)LegacyTotals[i] / total).ToList();
}
