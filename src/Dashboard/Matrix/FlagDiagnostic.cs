namespace Dashboard.Matrix;

/// <summary>A problem in a flag's targeting, and how to fix it.</summary>
public sealed record FlagDiagnostic(DiagnosticKind Kind, string Message, string Fix);
