using System.Diagnostics;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// Folds journaled requests into the rollups. The writer hands over each request it journaled; they merge here, in
/// memory, into one tally per rollup row, and a fold writes that in one transaction with the batch records. Folds pace
/// themselves: after a fold that took <c>d</c>, the next waits <c>Ingest:FoldInterval</c> and, while requests keep
/// arriving, <c>3d</c>, so folding takes at most a quarter of the time under load and each fold merges more requests into
/// the same rows; when requests stop, the rest folds at once.
/// On start it reloads what the journal holds past the last fold, so answered requests survive a crash. After a fold it
/// trims the journal of folded requests older than <c>Ingest:RemovableBatchHours</c> (newer ones stay removable).
/// </summary>
public sealed partial class IngestFolder(
    IngestJournal journal,
    IngestStore store,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestFolder> logger) : BackgroundService
{
    private const int PaceFactor = 3;
    private static readonly TimeSpan QuietSpell = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly TaskCompletionSource recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IngestFold pending = new();

    // The fold written last, emptied: the next pending one, so folds reuse two sets of tables instead of allocating.
    private IngestFold? spare;
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource folded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long addedThrough;
    private long lastAddedAt;
    private IngestFailure? failure;
    private long foldedThrough;

    /// <summary>Completes once the journal's unfolded requests are loaded; the writer journals nothing before.</summary>
    public Task Recovered => recovered.Task;

    /// <summary>Rollup rows waiting in memory for the next fold, and the requests they came from.</summary>
    public (int Rollups, int Batches) Pending
    {
        get
        {
            lock (gate)
            {
                return (pending.Rollups.Count, pending.Batches.Count);
            }
        }
    }

    /// <summary>Since when folds fail and why; null while they succeed. Answered requests wait in the journal meanwhile.</summary>
    public IngestFailure? Failure => Volatile.Read(ref failure);

    /// <summary>Takes a journaled request; its counts become visible with the next fold.</summary>
    public void Add(JournaledBatch batch)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            pending.Add(batch);
            addedThrough = Math.Max(addedThrough, batch.JournalId);
            lastAddedAt = Stopwatch.GetTimestamp();
            wake = arrived;
        }

        wake.TrySetResult();
    }

    /// <summary>Waits while the pending rows are over <c>Ingest:MaxPendingRollups</c>, so memory stays bounded when folds fall behind.</summary>
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (pending.Rollups.Count < options.Value.MaxPendingRollups)
                {
                    return;
                }

                next = folded.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes when every request added so far is folded (its counts are visible).</summary>
    public async Task WhenFoldedAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref addedThrough);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (foldedThrough >= target)
                {
                    return;
                }

                next = folded.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pace = TimeSpan.Zero;
        var lastFoldEnded = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await WaitForWorkAsync(stoppingToken);
                await WaitForTurnAsync(lastFoldEnded, pace, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            pace = await FoldPendingAsync();
            lastFoldEnded = Stopwatch.GetTimestamp();
        }

        // Stopping: the writer stopped first and journaled everything it answered; fold it so the journal is left empty.
        await FoldPendingAsync();
    }

    /// <summary>
    /// Waits out <c>Ingest:FoldInterval</c> since the last fold, then the pace (three times the last fold's duration)
    /// while requests keep arriving: pacing leaves the CPU to answering them, and when none arrive there is nothing to
    /// leave it to. After a quiet spell the first request folds at once.
    /// </summary>
    private async Task WaitForTurnAsync(long lastFoldEnded, TimeSpan pace, CancellationToken cancellationToken)
    {
        var interval = options.Value.FoldInterval - Stopwatch.GetElapsedTime(lastFoldEnded);
        if (interval > TimeSpan.Zero)
        {
            await Task.Delay(interval, cancellationToken);
        }

        TimeSpan remaining;
        while ((remaining = pace - Stopwatch.GetElapsedTime(lastFoldEnded)) > TimeSpan.Zero
            && Stopwatch.GetElapsedTime(Interlocked.Read(ref lastAddedAt)) < QuietSpell)
        {
            await Task.Delay(remaining < QuietSpell ? remaining : QuietSpell, cancellationToken);
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var watermark = await journal.ReadFoldedThroughAsync(cancellationToken);
        var batches = 0;
        long evaluations = 0;
        // Rows up to the watermark are folded (a crash came before their trim); the first fold trims them.
        await using (var rows = journal.ReadAfterAsync(watermark, cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            while (await ReadJournalAsync(async () => await rows.MoveNextAsync()))
            {
                pending.Add(rows.Current);
                batches++;
                evaluations += rows.Current.Rollups.Values.Sum(t => t.Count);
                if (pending.Rollups.Count >= options.Value.MaxPendingRollups)
                {
                    // A long backlog folds in parts, so memory stays bounded here too.
                    await store.FoldAsync(pending, cancellationToken);
                    watermark = pending.ThroughJournalId;
                    pending.Clear();
                }
            }
        }

        foldedThrough = watermark;
        addedThrough = Math.Max(watermark, pending.ThroughJournalId);
        if (batches > 0)
        {
            LogRecovered(logger, batches, evaluations);
        }

        if (!pending.IsEmpty)
        {
            arrived.TrySetResult();
        }

        recovered.TrySetResult();
    }

    /// <summary>Runs a read of the journal file; when the file is what fails, says so in one critical line naming it.</summary>
    private async Task<T> ReadJournalAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or InvalidDataException or IOException)
        {
            LogJournalUnusable(logger, exception, journal.FilePath, exception.Message);
            throw;
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        Task wake;
        lock (gate)
        {
            if (!pending.IsEmpty)
            {
                return;
            }

            wake = arrived.Task;
        }

        await wake.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether a fold that reported a failure is recorded all the same (it failed after its commit): retrying it would
    /// only hit the unique idempotency keys again and stall every later fold.
    /// </summary>
    private async Task<bool> CommittedAnywayAsync(IngestFold fold)
    {
        try
        {
            return await journal.ReadFoldedThroughAsync(CancellationToken.None) >= fold.ThroughJournalId;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }

    /// <summary>Writes what is pending; returns the pace for the next fold.</summary>
    private async Task<TimeSpan> FoldPendingAsync()
    {
        IngestFold fold;
        lock (gate)
        {
            if (pending.IsEmpty)
            {
                if (arrived.Task.IsCompleted)
                {
                    arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return TimeSpan.Zero;
            }

            fold = pending;
            pending = spare ?? new IngestFold(fold.Rollups.Count);
            spare = null;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Pacing measures the machine's own time (Stopwatch), not the app's clock: tests run with a fixed one.
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await store.FoldAsync(fold, CancellationToken.None);
        }
        catch (Exception exception)
        {
            if (await CommittedAnywayAsync(fold))
            {
                LogFoldFailedAfterCommit(logger, exception, fold.ThroughJournalId);
                return await FinishFoldAsync(fold, stopwatch.Elapsed);
            }

            // Nothing is lost: the journal still holds these requests. Keep them for the next attempt.
            LogFoldFailed(logger, exception, fold.Batches.Count, fold.ThroughJournalId);
            Volatile.Write(ref failure, IngestFailure.After(failure, exception, timeProvider));
            lock (gate)
            {
                pending.Absorb(fold);
                fold.Clear();
                spare = fold;
                arrived.TrySetResult();
            }

            await Task.Delay(RetryDelay, CancellationToken.None);
            return TimeSpan.Zero;
        }

        return await FinishFoldAsync(fold, stopwatch.Elapsed);
    }

    /// <summary>After a fold committed: publish how far the journal is folded, reuse the fold's tables, trim the journal.</summary>
    private async Task<TimeSpan> FinishFoldAsync(IngestFold fold, TimeSpan elapsed)
    {
        var through = fold.ThroughJournalId;
        Volatile.Write(ref failure, null);
        metrics.RecordFold(elapsed, fold.Rollups.Count);
        LogFolded(logger, fold.Batches.Count, fold.Rollups.Count, elapsed.TotalMilliseconds);
        TaskCompletionSource done;
        lock (gate)
        {
            foldedThrough = through;
            fold.Clear();
            spare = fold;
            done = folded;
            folded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
        try
        {
            // Folded requests stay removable for Ingest:RemovableBatchHours; only older ones leave the journal.
            var keptSince = timeProvider.GetUtcNow().UtcDateTime.AddHours(-options.Value.RemovableBatchHours);
            await journal.DeleteThroughAsync(through, keptSince, CancellationToken.None);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            // Harmless: rows up to the last fold are skipped and removed on the next start.
            LogJournalTrimFailed(logger, exception, through);
        }

        return elapsed * PaceFactor;
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Ingest journal: {Batches} answered requests ({Evaluations} evaluations) were not yet folded when the app stopped; folding them now.")]
    private static partial void LogRecovered(ILogger logger, int batches, long evaluations);

    [LoggerMessage(EventId = 414, Level = LogLevel.Critical, Message = "Cannot read the ingest journal at {Path}: {Problem}. It holds answered requests not yet counted; fix or move the file aside (losing them) to start.")]
    private static partial void LogJournalUnusable(ILogger logger, Exception exception, string path, string problem);

    [LoggerMessage(EventId = 411, Level = LogLevel.Debug, Message = "Folded {Batches} ingest requests into {Rows} rollup rows in {Milliseconds:F1} ms.")]
    private static partial void LogFolded(ILogger logger, int batches, int rows, double milliseconds);

    [LoggerMessage(EventId = 415, Level = LogLevel.Warning, Message = "Folding the ingest journal up to {JournalId} reported a failure after its commit; its counts are recorded.")]
    private static partial void LogFoldFailedAfterCommit(ILogger logger, Exception exception, long journalId);

    [LoggerMessage(EventId = 412, Level = LogLevel.Error, Message = "Folding {Batches} ingest requests (journal up to {JournalId}) failed; retrying. The journal keeps them meanwhile.")]
    private static partial void LogFoldFailed(ILogger logger, Exception exception, int batches, long journalId);

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "Could not remove folded rows (up to {JournalId}) from the ingest journal; they are skipped and removed on the next start.")]
    private static partial void LogJournalTrimFailed(ILogger logger, Exception exception, long journalId);
}
