namespace Dashboard.Analytics;

/// <summary>One series as the shared series chart draws it: its label (which picks its colour) and a value per bucket.</summary>
public sealed record ChartSeriesValues(string Label, IReadOnlyList<double> Values);
