namespace Dashboard.Analytics;

/// <summary>One series of an adoption chart: a label (a version, "(missing)" or "value (invalid)") and a count per bucket.</summary>
public sealed record AdoptionSeries(string Label, IReadOnlyList<long> Counts, bool IsLegacy = false)
{
    public long Total => Counts.Sum();
}
