namespace Dashboard.Ingest;

/// <summary>A moment's view of <see cref="IngestMetrics"/>.</summary>
public sealed record IngestMetricsSnapshot(
    double EventsPerSecond,
    long EventsCommitted,
    long EvaluationsCommitted,
    long BatchesCommitted,
    long BatchesReplayed,
    long Commits,
    long LastCommitMilliseconds,
    int QueuedRequests,
    long Folds,
    long LastFoldMilliseconds,
    long LastFoldRows,
    int BatchesWaitingForFold,
    int RollupsWaitingForFold,
    IReadOnlyList<IngestRejectCount> Rejects,
    IReadOnlyList<IngestKeyError> LastErrors);
