namespace Dashboard.Data.Entities;

/// <summary>One variation of a flag; <see cref="IsLegacy"/> marks the behaviour being retired.</summary>
public sealed class FlagVariation
{
    public int FlagId { get; set; }

    public int Index { get; set; }

    /// <summary>The variation's value as JSON (e.g. <c>true</c>, <c>"v2"</c>).</summary>
    public required string ValueJson { get; set; }

    public string? Name { get; set; }

    public bool IsLegacy { get; set; }
}
