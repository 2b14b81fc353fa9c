namespace Dashboard.Matrix;

/// <summary>The classic targeting failures the matrix looks for.</summary>
public enum DiagnosticKind
{
    /// <summary>Every evaluated version and client type gets the same variation.</summary>
    SingleVariation = 0,

    /// <summary>The fallthrough or off variation is not a legacy one while legacy consumers still call.</summary>
    DefaultNotLegacy = 1,

    /// <summary>A rule compares with a strict <c>&gt;</c> and the boundary value itself is served legacy.</summary>
    StrictComparison = 2,

    /// <summary>A rule tests an attribute the recorded contexts never carry.</summary>
    UnknownAttribute = 3,

    /// <summary>Recorded evaluations lack the version.</summary>
    MissingVersionMetadata = 4,

    /// <summary>Versions that do not parse get the new behaviour while valid old versions get legacy.</summary>
    UnreadableVersionGetsNew = 5,

    /// <summary>The flag's <c>matches</c> regexes used the matrix's whole regex time budget; later cells needing one were not evaluated.</summary>
    RegexTimeSpent = 6,

    /// <summary>The rules test other attributes than the version the rows are by, so the rows cannot differ by version (information, not a fault).</summary>
    RulesTargetOtherAttribute = 7,
}
