using System.ComponentModel.DataAnnotations;

namespace Dashboard.Options;

/// <summary>Limits and tuning of evaluation ingest (section <c>Ingest</c>). Validated on start.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Largest accepted request body in bytes (after decompression).</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Ingest:MaxBodyBytes must be between 1 KiB and 64 MiB.")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(1, 1_000_000, ErrorMessage = "Ingest:MaxEventsPerBatch must be between 1 and 1,000,000.")]
    public int MaxEventsPerBatch { get; set; } = 10_000;

    /// <summary>Longest flag key, consumer, version or client type.</summary>
    [Range(1, 4096, ErrorMessage = "Ingest:MaxStringLength must be between 1 and 4096.")]
    public int MaxStringLength { get; set; } = 256;

    /// <summary>
    /// Largest <c>count</c> one event (or LaunchDarkly summary counter) may carry. Low enough that one bad event cannot
    /// outweigh a day of real traffic (a count of 999,999 once moved the Overview's legacy share from 12 % to 78 %);
    /// raise it for senders that pre-aggregate more per event.
    /// </summary>
    [Range(1, long.MaxValue, ErrorMessage = "Ingest:MaxCount must be at least 1.")]
    public long MaxCount { get; set; } = 10_000;

    /// <summary>Events older than this are refused: they would fall outside every view and the retention window.</summary>
    [Range(1, 3650, ErrorMessage = "Ingest:RetentionDays must be between 1 and 3650.")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// Hours an accepted request's own tallies stay in the ingest journal after they are folded, so an admin can find the
    /// request (Settings → Ingest → Recent requests) and subtract exactly its counts again. Costs journal disk space only.
    /// </summary>
    [Range(1, 720, ErrorMessage = "Ingest:RemovableBatchHours must be between 1 and 720 (30 days).")]
    public int RemovableBatchHours { get; set; } = 24;

    /// <summary>How far an event's timestamp may lie in the future (clock skew of the sender).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Ingest:MaxClockSkew must be between 0 and 1 hour.")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Validated requests waiting for the writer; past this, requests get 503 with Retry-After.</summary>
    [Range(1, 100_000, ErrorMessage = "Ingest:QueueCapacity must be between 1 and 100,000 requests.")]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Upper bound of events the writer commits in one transaction (group commit).</summary>
    [Range(1, 10_000_000, ErrorMessage = "Ingest:MaxEventsPerCommit must be between 1 and 10,000,000.")]
    public int MaxEventsPerCommit { get; set; } = 50_000;

    /// <summary>
    /// Shortest pause between two folds of journaled requests into the rollups. The first request after a quiet spell
    /// folds at once; under load a fold also waits three times as long as the previous one took.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Ingest:FoldInterval must be between 0 and 1 minute.")]
    public TimeSpan FoldInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Rollup rows that may wait in memory for a fold; past this the writer pauses and a full queue answers 503.</summary>
    [Range(1_000, 10_000_000, ErrorMessage = "Ingest:MaxPendingRollups must be between 1,000 and 10,000,000.")]
    public int MaxPendingRollups { get; set; } = 300_000;

    /// <summary>Requests per second each key may send (token bucket; bursts up to <see cref="RateLimitBurst"/>).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Ingest:RateLimitPerSecond must be between 1 and 1,000,000.")]
    public int RateLimitPerSecond { get; set; } = 200;

    [Range(1, 1_000_000, ErrorMessage = "Ingest:RateLimitBurst must be between 1 and 1,000,000.")]
    public int RateLimitBurst { get; set; } = 400;

    /// <summary>Seconds a client is told to wait when the queue is full.</summary>
    [Range(1, 3600, ErrorMessage = "Ingest:RetryAfterSeconds must be between 1 and 3600.")]
    public int RetryAfterSeconds { get; set; } = 1;
}
