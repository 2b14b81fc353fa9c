using Dashboard.Flags.Contexts;

namespace Dashboard.Flags.Model;

/// <summary>A percentage rollout or experiment over the variations of a flag.</summary>
public sealed class Rollout
{
    public RolloutKind Kind { get; internal init; }

    /// <summary>The context kind whose key (or <see cref="BucketBy"/> attribute) is hashed; null means <c>user</c>.</summary>
    public string? ContextKind { get; internal init; }

    /// <summary>The attribute to bucket by; null means <c>key</c>. Ignored by experiments.</summary>
    public AttributeReference? BucketBy { get; internal init; }

    /// <summary>Experiment seed that replaces the flag key and salt in the hash input.</summary>
    public int? Seed { get; internal init; }

    public IReadOnlyList<WeightedVariation> Variations { get; internal init; } = [];

    internal WeightedVariation[] VariationArray => (WeightedVariation[])Variations;
}
