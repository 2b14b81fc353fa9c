namespace Dashboard.Matrix;

/// <summary>One version of the matrix: its value (null for the missing row), why it is there, and one cell per client type column.</summary>
public sealed record VersionMatrixRow(string Label, string? Version, VersionRowKinds Kinds, IReadOnlyList<VersionMatrixCell> Cells);
