namespace Dashboard.Matrix;

/// <summary>A flag variation as the matrix labels it.</summary>
public sealed record MatrixVariation(int Index, string ValueJson, string? Name, bool IsLegacy)
{
    public string Label => Name is { Length: > 0 } name ? $"{name} ({ValueJson})" : ValueJson;
}
