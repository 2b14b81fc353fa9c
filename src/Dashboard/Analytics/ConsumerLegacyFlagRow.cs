namespace Dashboard.Analytics;

/// <summary>A flag on which a consumer still received a legacy variation in the recent window, with the API versions involved and the legacy evaluations counted over that window.</summary>
public sealed record ConsumerLegacyFlagRow(int FlagId, string FlagKey, string FlagName, IReadOnlyList<string> ApiVersions, long Evaluations, DateTime LastSeenAt);
