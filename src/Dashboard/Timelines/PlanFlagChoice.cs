namespace Dashboard.Timelines;

/// <summary>A flag a plan can be written for, with its variations (the legacy ones are what the plan retires).</summary>
public sealed record PlanFlagChoice(int Id, string Key, string Name, IReadOnlyList<PlanVariation> Variations)
{
    public IReadOnlyList<PlanVariation> LegacyVariations => Variations.Where(v => v.IsLegacy).ToList();
}
