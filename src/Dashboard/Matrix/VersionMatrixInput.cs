using Dashboard.Data.Entities;
using Dashboard.Flags;
using Dashboard.Flags.Model;

namespace Dashboard.Matrix;

/// <summary>Everything the matrix is computed from: the flag and its store, the environment's scheme and mapping, and the recorded counts.</summary>
public sealed record VersionMatrixInput(
    FeatureFlag Flag,
    FlagStore Store,
    IFlagEvaluator Evaluator,
    VersionDimension Dimension,
    VersionScheme Scheme,
    ConsumerMapping Mapping,
    IReadOnlyList<RecordedCount> Recorded,
    IReadOnlyList<MatrixVariation> Variations);
