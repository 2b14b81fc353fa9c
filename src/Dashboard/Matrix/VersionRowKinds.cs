namespace Dashboard.Matrix;

/// <summary>Why a version is a row of the matrix; a version can be several at once (e.g. seen and a boundary).</summary>
[Flags]
public enum VersionRowKinds
{
    None = 0,
    Seen = 1,
    Minimum = 2,
    Latest = 4,
    Boundary = 8,
    BelowBoundary = 16,
    AboveBoundary = 32,
    RuleValue = 64,
    Missing = 128,
    Invalid = 256,
}
