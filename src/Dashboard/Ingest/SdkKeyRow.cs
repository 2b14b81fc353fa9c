namespace Dashboard.Ingest;

/// <summary>A registered LaunchDarkly SDK key as the keys page lists it: its last characters only.</summary>
public sealed record SdkKeyRow(int Id, string Name, string Suffix, string EnvironmentName, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);
