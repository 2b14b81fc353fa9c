namespace Dashboard.Timelines;

/// <summary>A consumer that received a plan's retired behaviour within the affected window.</summary>
/// <param name="ApiVersions">API versions it sent with those evaluations, in version order ("" = missing).</param>
/// <param name="Evaluations">Evaluations that served a retired variation within the window.</param>
/// <param name="ExtendedSunsetAt">A later sunset granted to this consumer, if any.</param>
public sealed record AffectedConsumer(
    int ConsumerId,
    string Key,
    string DisplayName,
    string? Tier,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> ClientTypes,
    long Evaluations,
    DateTime LastSeenAt,
    DateTime? ExtendedSunsetAt);
