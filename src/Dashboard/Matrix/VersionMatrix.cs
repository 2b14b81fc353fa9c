namespace Dashboard.Matrix;

/// <summary>
/// A flag evaluated across versions (rows) and client types (columns), with the recorded reality in each cell and the
/// diagnostics found.
/// </summary>
/// <param name="Dimension">Which version the rows are.</param>
/// <param name="VersionAttribute">The context attribute the row version is set on.</param>
/// <param name="ClientTypeAttribute">The context attribute the column client type is set on.</param>
/// <param name="ClientTypes">Column client types; the empty string is the "(none)" column (attribute absent).</param>
/// <param name="Rows">Rows in version order, then invalid, then missing.</param>
/// <param name="Variations">The flag's variations with Sundial's names and legacy marks.</param>
/// <param name="Diagnostics">Targeting problems found, each with a fix.</param>
public sealed record VersionMatrix(
    VersionDimension Dimension,
    ContextPath VersionAttribute,
    ContextPath ClientTypeAttribute,
    IReadOnlyList<string> ClientTypes,
    IReadOnlyList<VersionMatrixRow> Rows,
    IReadOnlyList<MatrixVariation> Variations,
    IReadOnlyList<FlagDiagnostic> Diagnostics)
{
    public const string NoClientTypeLabel = "(none)";

    public MatrixVariation? Variation(int? index) => index is { } i ? Variations.FirstOrDefault(v => v.Index == i) : null;
}
