namespace Dashboard.Ingest;

/// <summary>The most recent refusal of a request sent with one key.</summary>
public sealed record IngestKeyError(string KeyLabel, string Reason, string Message, DateTime At);
