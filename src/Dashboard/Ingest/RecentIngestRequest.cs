namespace Dashboard.Ingest;

/// <summary>
/// An accepted ingest request as Settings → Ingest lists it. <see cref="TotalCount"/> (evaluations, the sum of counts)
/// is null once the journal no longer keeps the request's tallies; <see cref="RemovedAt"/> says its counts were removed.
/// </summary>
public sealed record RecentIngestRequest(
    long BatchId,
    string IdempotencyKey,
    string Origin,
    string EnvironmentName,
    string KeyName,
    DateTime ReceivedAt,
    int EventCount,
    long? TotalCount,
    DateTime? RemovedAt,
    string? RemovedBy)
{
    public bool CanRemove => TotalCount is not null && RemovedAt is null;
}
