namespace Dashboard.Analytics;

/// <summary>One consumer of a flag: the versions and client types it sent, what it received last, and when.</summary>
public sealed record FlagConsumerRow(
    string ConsumerKey,
    string DisplayName,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> ClientTypes,
    string LastVariation,
    bool OnLegacy,
    long Evaluations,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    IReadOnlyList<string> Contacts);
