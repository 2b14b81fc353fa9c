namespace Dashboard.Client;

/// <summary>The plan behind a policy, for the refusal message.</summary>
public sealed record PolicyPlanInfo(string Title, DateTimeOffset EffectiveSunsetAt, string? MigrationGuideUrl);
