namespace Dashboard.Analytics;

/// <summary>A flag on which a consumer still received a legacy variation in the last 7 days, with the API versions involved.</summary>
public sealed record ConsumerLegacyFlagRow(int FlagId, string FlagKey, string FlagName, IReadOnlyList<string> ApiVersions, long Evaluations, DateTime LastSeenAt);
