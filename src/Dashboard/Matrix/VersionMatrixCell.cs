using Dashboard.Flags;

namespace Dashboard.Matrix;

/// <summary>What the evaluator gives for one version and client type, and what consumers with them actually received.</summary>
/// <param name="Evaluated">The evaluator's result for a context built with the environment's consumer mapping.</param>
/// <param name="Recorded">Recorded evaluation counts per variation index (−1: unknown variation), largest first.</param>
public sealed record VersionMatrixCell(EvaluationDetail Evaluated, IReadOnlyList<KeyValuePair<int, long>> Recorded)
{
    public long RecordedTotal => Recorded.Sum(r => r.Value);

    /// <summary>True when consumers received a variation other than the one the evaluator gives now (e.g. rules changed since).</summary>
    public bool DiffersFromRecorded => Evaluated.VariationIndex is { } evaluated && Recorded.Any(r => r.Key != evaluated);
}
