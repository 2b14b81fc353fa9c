namespace Dashboard.Flags.Model;

/// <summary>A plain percentage rollout, or an experiment (buckets by key, may report <c>inExperiment</c>).</summary>
public enum RolloutKind
{
    Rollout = 0,
    Experiment,
}
