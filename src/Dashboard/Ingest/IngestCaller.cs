namespace Dashboard.Ingest;

/// <summary>Who sent an ingest request: the key's environment and how the key shows in the live view.</summary>
public sealed record IngestCaller(int EnvironmentId, int? ApiKeyId, string KeyLabel);
