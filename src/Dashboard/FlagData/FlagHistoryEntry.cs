namespace Dashboard.FlagData;

/// <summary>One stored version of a flag and what changed since the version before it (everything is "added" for the first).</summary>
public sealed record FlagHistoryEntry(int Version, DateTime SyncedAt, string Origin, bool Deleted, IReadOnlyList<FlagChange> Changes);
