using System.Diagnostics;
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
        try
        {
            await CommitAndCompleteAsync(group);
        }
        catch (Exception exception) when (group.Count > 1)
        {
            // One bad request must not fail the others: retry each on its own.
            LogGroupFailed(logger, exception, group.Count);
            foreach (var work in group)
            {
                try
                {
                    await CommitAndCompleteAsync([work]);
                }
                catch (Exception single)
                {
                    LogRequestFailed(logger, single, work.IdempotencyKey);
                    work.Completion.TrySetException(single);
                }
            }
        }
        catch (Exception exception)
        {
            LogRequestFailed(logger, exception, group[0].IdempotencyKey);
            group[0].Completion.TrySetException(exception);
        }
    }

    private async Task CommitAndCompleteAsync(List<IngestWork> group)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = await journal.AppendAsync(group, CancellationToken.None);
        metrics.RecordCommit(stopwatch.Elapsed);
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        var events = 0;
        foreach (var work in group)
        {
            events += work.EventCount;
        }

        LogCommitted(logger, group.Count, events, elapsed);
        for (var i = 0; i < group.Count; i++)
        {
            var (outcome, batch) = results[i];
            if (batch is not null)
            {
                folder.Add(batch);
            }

            metrics.RecordCommitted(group[i], outcome);
            group[i].Completion.TrySetResult(outcome);
        }
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Journaled {Requests} ingest requests ({Events} events) in {Milliseconds:F1} ms.")]
    private static partial void LogCommitted(ILogger logger, int requests, int events, double milliseconds);

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Journaling {Requests} ingest requests together failed; journaling them one by one.")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int requests);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Ingest request {IdempotencyKey} could not be journaled.")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string idempotencyKey);
}
