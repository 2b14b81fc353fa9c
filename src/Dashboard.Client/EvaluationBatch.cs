namespace Dashboard.Client;

/// <summary>The body of <c>POST /api/v1/evaluations</c>.</summary>
public sealed record EvaluationBatch(IReadOnlyList<EvaluationEvent> Events);
