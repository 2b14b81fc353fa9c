namespace Dashboard.Analytics;

/// <summary>A variation as lists and charts show it: index, label (name or value) and whether it is marked legacy.</summary>
public sealed record FlagVariationSummary(int Index, string Label, string ValueJson, bool IsLegacy);
