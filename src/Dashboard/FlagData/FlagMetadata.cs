namespace Dashboard.FlagData;

/// <summary>What LaunchDarkly's REST API knows about a flag beyond the SDK data: its name and the names of its variations.</summary>
public sealed record FlagMetadata(string? Name, string? Description, IReadOnlyList<string?> VariationNames);
