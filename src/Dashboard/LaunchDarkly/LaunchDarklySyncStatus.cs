namespace Dashboard.LaunchDarkly;

/// <summary>When the last sync ran and what it did.</summary>
public sealed record LaunchDarklySyncStatus(DateTime StartedAt, DateTime? FinishedAt, bool Succeeded, string Summary);
