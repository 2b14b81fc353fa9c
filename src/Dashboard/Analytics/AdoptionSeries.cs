namespace Dashboard.Analytics;

/// <summary>One line of an adoption chart: a label (a version, "(missing)" or "value (invalid)") and a count per day.</summary>
public sealed record AdoptionSeries(string Label, IReadOnlyList<long> Counts)
{
    public long Total => Counts.Sum();
}
