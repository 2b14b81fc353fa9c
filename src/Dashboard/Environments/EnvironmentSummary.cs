namespace Dashboard.Environments;

/// <summary>An environment as the switcher lists it.</summary>
public sealed record EnvironmentSummary(int Id, string Key, string Name, bool IsDefault);
