namespace Dashboard.Analytics;

/// <summary>One series as the shared series chart draws it: its label (which picks its colour), a value per bucket, and whether it shows legacy behaviour (warm colours).</summary>
public sealed record ChartSeriesValues(string Label, IReadOnlyList<double> Values, bool IsLegacy = false);
