namespace Dashboard.Ingest;

/// <summary>Answer of a committed batch: how many events it held. A replay answers the same.</summary>
public sealed record IngestAccepted(int Accepted);
