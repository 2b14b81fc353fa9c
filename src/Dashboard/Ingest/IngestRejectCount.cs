namespace Dashboard.Ingest;

/// <summary>How many requests were refused for one reason (e.g. <c>validation</c>, <c>queue-full</c>).</summary>
public sealed record IngestRejectCount(string Reason, long Count);
