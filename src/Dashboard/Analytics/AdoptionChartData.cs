namespace Dashboard.Analytics;

/// <summary>Evaluations per local day, one series per version, versions in their scheme's order (invalid and missing last).</summary>
public sealed record AdoptionChartData(IReadOnlyList<DateOnly> Days, IReadOnlyList<AdoptionSeries> Series)
{
    public bool IsEmpty => Series.Count == 0;
}
