namespace Dashboard.Timelines;

/// <summary>A flag a plan can be written for, with its variations.</summary>
public sealed record PlanFlagChoice(string Key, string Name, IReadOnlyList<PlanVariation> Variations);
