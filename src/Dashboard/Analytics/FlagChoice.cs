namespace Dashboard.Analytics;

/// <summary>A flag as offered in pickers.</summary>
public sealed record FlagChoice(int Id, string Key, string Name);
