using Dashboard.Flags;

namespace Dashboard.Matrix;

/// <summary>The matrix for a flag, or why there is none (<see cref="Problem"/>), plus the evaluator for the free-form tester.</summary>
public sealed record VersionMatrixResult(
    string FlagKey,
    string EnvironmentName,
    VersionDimension Dimension,
    VersionMatrix? Matrix,
    IFlagEvaluator? Evaluator,
    string? Problem);
