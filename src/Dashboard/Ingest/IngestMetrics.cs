using System.Collections.Concurrent;

namespace Dashboard.Ingest;

/// <summary>
/// Live counters of ingest for the Settings → Ingest view: events per second, committed batches, rejects by reason and
/// the last error per key. Process-local and reset on restart; the database holds the durable record.
/// </summary>
public sealed class IngestMetrics(TimeProvider timeProvider)
{
    private const int WindowSeconds = 10;
    private const int MaxKeysTracked = 1000;

    private readonly long[] eventsPerSecond = new long[WindowSeconds + 2];
    private readonly long[] secondOfSlot = new long[WindowSeconds + 2];
    private readonly ConcurrentDictionary<string, long> rejectsByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IngestKeyError> lastErrorByKey = new(StringComparer.Ordinal);
    private readonly Lock windowLock = new();
    private long eventsCommitted;
    private long evaluationsCommitted;
    private long batchesCommitted;
    private long batchesReplayed;
    private long commits;
    private long lastCommitMilliseconds;
    private long folds;
    private long lastFoldMilliseconds;
    private long lastFoldRows;

    /// <summary>Events committed per second, averaged over the last ten whole seconds.</summary>
    public double EventsPerSecond
    {
        get
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            long sum = 0;
            lock (windowLock)
            {
                for (var i = 0; i < secondOfSlot.Length; i++)
                {
                    if (secondOfSlot[i] < now && secondOfSlot[i] >= now - WindowSeconds)
                    {
                        sum += eventsPerSecond[i];
                    }
                }
            }

            return sum / (double)WindowSeconds;
        }
    }

    public IngestMetricsSnapshot Snapshot(int queuedRequests, (int Rollups, int Batches) pendingFold = default) => new(
        EventsPerSecond,
        Interlocked.Read(ref eventsCommitted),
        Interlocked.Read(ref evaluationsCommitted),
        Interlocked.Read(ref batchesCommitted),
        Interlocked.Read(ref batchesReplayed),
        Interlocked.Read(ref commits),
        Interlocked.Read(ref lastCommitMilliseconds),
        queuedRequests,
        Interlocked.Read(ref folds),
        Interlocked.Read(ref lastFoldMilliseconds),
        Interlocked.Read(ref lastFoldRows),
        pendingFold.Batches,
        pendingFold.Rollups,
        rejectsByReason.OrderByDescending(r => r.Value).Select(r => new IngestRejectCount(r.Key, r.Value)).ToList(),
        lastErrorByKey.Values.OrderByDescending(e => e.At).ToList());

    public void RecordCommitted(IngestWork work, IngestOutcome outcome)
    {
        if (outcome.Kind != IngestOutcomeKind.Committed)
        {
            Interlocked.Increment(ref batchesReplayed);
            return;
        }

        Interlocked.Increment(ref batchesCommitted);
        Interlocked.Add(ref eventsCommitted, work.EventCount);
        Interlocked.Add(ref evaluationsCommitted, work.EvaluationCount);
        var second = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(second % secondOfSlot.Length);
        lock (windowLock)
        {
            if (secondOfSlot[slot] != second)
            {
                secondOfSlot[slot] = second;
                eventsPerSecond[slot] = 0;
            }

            eventsPerSecond[slot] += work.EventCount;
        }
    }

    public void RecordCommit(TimeSpan duration)
    {
        Interlocked.Increment(ref commits);
        Interlocked.Exchange(ref lastCommitMilliseconds, (long)duration.TotalMilliseconds);
    }

    public void RecordFold(TimeSpan duration, int rows)
    {
        Interlocked.Increment(ref folds);
        Interlocked.Exchange(ref lastFoldMilliseconds, (long)duration.TotalMilliseconds);
        Interlocked.Exchange(ref lastFoldRows, rows);
    }

    /// <summary>Counts a refused request; <paramref name="keyLabel"/> is null when no key was recognised.</summary>
    public void RecordRejected(string reason, string? keyLabel, string message)
    {
        rejectsByReason.AddOrUpdate(reason, 1, (_, count) => count + 1);
        var label = keyLabel ?? "(no valid key)";
        if (lastErrorByKey.Count < MaxKeysTracked || lastErrorByKey.ContainsKey(label))
        {
            lastErrorByKey[label] = new IngestKeyError(label, reason, message, timeProvider.GetUtcNow().UtcDateTime);
        }
    }
}
