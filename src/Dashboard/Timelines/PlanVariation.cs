namespace Dashboard.Timelines;

/// <summary>A flag variation as plan forms list it.</summary>
public sealed record PlanVariation(int Index, string? Name, string ValueJson, bool IsLegacy)
{
    public string Label => Name is null ? $"{Index}: {ValueJson}" : $"{Index}: {Name} ({ValueJson})";
}
