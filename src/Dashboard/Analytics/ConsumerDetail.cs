namespace Dashboard.Analytics;

/// <summary>A consumer's profile, contacts and the flags on which it still gets legacy behaviour.</summary>
public sealed record ConsumerDetail(
    int Id,
    int EnvironmentId,
    string Key,
    string DisplayName,
    string? Organisation,
    string? Tier,
    string? Owner,
    IReadOnlyList<string> Tags,
    DateTime? FirstSeenAt,
    DateTime? LastSeenAt,
    IReadOnlyList<ContactRow> Contacts,
    IReadOnlyList<ConsumerLegacyFlagRow> FlagsOnLegacy);
