namespace Dashboard.Analytics;

/// <summary>One consumer in the consumers list with its last-7-days numbers.</summary>
public sealed record ConsumerListRow(
    int Id,
    string Key,
    string DisplayName,
    string? Organisation,
    string? Tier,
    string? Owner,
    DateTime? LastSeenAt,
    long Evaluations,
    long LegacyEvaluations,
    long VersionProblems,
    int Contacts);
