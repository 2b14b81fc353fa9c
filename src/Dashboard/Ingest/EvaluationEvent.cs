namespace Dashboard.Ingest;

/// <summary>
/// One validated evaluation (or a count of identical ones), whichever endpoint it came from. Versions and client type
/// are raw; the environment's schemes read them later. <see cref="VariationIndex"/> is null when only the value is known.
/// </summary>
public readonly record struct EvaluationEvent(
    string FlagKey,
    int? VariationIndex,
    string? ValueJson,
    string ConsumerKey,
    string? ApiVersion,
    string? ClientType,
    string? ClientVersion,
    DateTime At,
    long Count);
