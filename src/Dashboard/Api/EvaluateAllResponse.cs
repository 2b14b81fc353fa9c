namespace Dashboard.Api;

/// <summary>Every flag's evaluation for one context, keyed by flag key.</summary>
public sealed record EvaluateAllResponse(IReadOnlyDictionary<string, EvaluationResponse> Flags);
