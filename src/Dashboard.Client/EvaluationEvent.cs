namespace Dashboard.Client;

/// <summary>One flag evaluation (or <see cref="Count"/> identical ones), as <c>POST /api/v1/evaluations</c> takes it.</summary>
public sealed record EvaluationEvent(
    string FlagKey,
    int Variation,
    string? Consumer,
    string? ApiVersion,
    string? ClientType,
    string? ClientVersion,
    DateTimeOffset Timestamp,
    long Count = 1);
