namespace Dashboard.Flags.Model;

/// <summary>One slice of a rollout; weights are in units of 1/100000.</summary>
public sealed class WeightedVariation
{
    public int Variation { get; internal init; }

    public int Weight { get; internal init; }

    /// <summary>Experiment slices marked untracked do not report <c>inExperiment</c>.</summary>
    public bool Untracked { get; internal init; }
}
