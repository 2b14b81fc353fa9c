namespace Dashboard.Flags.Model;

/// <summary>What a rule or the fallthrough serves: a fixed variation or a rollout (a flag with neither is malformed).</summary>
public sealed class VariationOrRollout
{
    public static readonly VariationOrRollout None = new();

    public int? Variation { get; internal init; }

    public Rollout? Rollout { get; internal init; }
}
