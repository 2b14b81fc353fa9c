using System.Diagnostics;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// The single writer: takes every request waiting in the queue (up to a size limit), journals them in one transaction
/// (group commit), hands them to the <see cref="IngestFolder"/>, then completes each request. One writer means no
/// write-lock contention in SQLite and one commit for many requests.
/// </summary>
public sealed partial class IngestWriter(
    IngestInbox queue,
    IngestJournal journal,
    IngestFolder folder,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<IngestWriter> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new work, then let ExecuteAsync drain and commit what requests are already waiting for.
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var group = new List<IngestWork>();
        // Journal ids must follow what the folder reloaded from the journal at start.
        await folder.Recovered;
        // Not cancelled by stoppingToken: queued requests are drained on shutdown; completion of the queue ends the loop.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await folder.WaitForRoomAsync(CancellationToken.None);
            group.Clear();
            var events = 0;
            while (events < options.Value.MaxEventsPerCommit && reader.TryRead(out var work))
            {
                group.Add(work);
                events += work.EventCount;
            }

            await CommitAsync(group);
            queue.MarkAnswered(group.Count);
            foreach (var work in group)
            {
                // Journaled and handed to the folder (which copied the tallies), or failed: the tallies are not read again.
                work.Release();
            }
        }
    }

    private async Task CommitAsync(List<IngestWork> group)
    {
        (IngestOutcome Outcome, JournaledBatch? Batch)[] results;
        try
        {
            results = await AppendAsync(group);
        }
        catch (Exception exception) when (group.Count > 1)
        {
            // Nothing of the group was journaled. One bad request must not fail the others: retry each on its own.
            LogGroupFailed(logger, exception, group.Count);
            foreach (var work in group)
            {
                try
                {
                    Complete([work], await AppendAsync([work]));
                }
                catch (Exception single)
                {
                    LogRequestFailed(logger, single, work.IdempotencyKey);
                    work.Completion.TrySetException(single);
                }
            }

            return;
        }
        catch (Exception exception)
        {
            LogRequestFailed(logger, exception, group[0].IdempotencyKey);
            group[0].Completion.TrySetException(exception);
            return;
        }

        Complete(group, results);
    }

    private async Task<(IngestOutcome Outcome, JournaledBatch? Batch)[]> AppendAsync(List<IngestWork> group)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = await journal.AppendAsync(group, CancellationToken.None);
        metrics.RecordCommit(stopwatch.Elapsed);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var events = group.Sum(w => w.EventCount);
            LogCommitted(logger, group.Count, events, stopwatch.Elapsed.TotalMilliseconds);
        }

        return results;
    }

    /// <summary>Hands the journaled requests to the folder, then answers them.</summary>
    private void Complete(List<IngestWork> group, (IngestOutcome Outcome, JournaledBatch? Batch)[] results)
    {
        // First, with nothing in between that could fail: a journaled request only counts once the folder has it (a
        // later fold trims the journal up to its highest id).
        foreach (var (_, batch) in results)
        {
            if (batch is not null)
            {
                folder.Add(batch);
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            metrics.RecordCommitted(group[i], results[i].Outcome);
            group[i].Completion.TrySetResult(results[i].Outcome);
        }
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Journaled {Requests} ingest requests ({Events} events) in {Milliseconds:F1} ms.")]
    private static partial void LogCommitted(ILogger logger, int requests, int events, double milliseconds);

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Journaling {Requests} ingest requests together failed; journaling them one by one.")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int requests);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Ingest request {IdempotencyKey} could not be journaled.")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string idempotencyKey);
}
