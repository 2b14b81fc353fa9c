using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Client;

/// <summary>
/// Sends buffered evaluations to Sundial in batches: a batch leaves when full or after the flush interval, and a
/// failed send is retried with exponential backoff (keeping the batch) until Sundial answers. Identical events within
/// a batch are merged into one with a count. Events Sundial rejects as invalid (4xx) are dropped and counted. Each batch
/// carries an Idempotency-Key made once and kept across its retries: a batch Sundial committed although the answer never
/// arrived (a timeout) is not counted again.
/// </summary>
public sealed partial class EvaluationSender(
    EvaluationRecorder recorder,
    ISundialApi api,
    IOptions<SundialClientOptions> options,
    TimeProvider timeProvider,
    ILogger<EvaluationSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var reader = recorder.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = await CollectAsync(reader, settings, stoppingToken);
                await SendWithRetryAsync(batch, settings, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still buffered is lost, as the host gives no more time.
        }
    }

    internal static IReadOnlyList<EvaluationEvent> Merge(IEnumerable<EvaluationEvent> events) =>
        events.GroupBy(e => e with { Count = 0, Timestamp = Minute(e.Timestamp) })
            .Select(g => g.Key with { Count = g.Sum(e => e.Count) })
            .ToList();

    private static async Task<List<EvaluationEvent>> CollectAsync(System.Threading.Channels.ChannelReader<EvaluationEvent> reader, SundialClientOptions settings, CancellationToken stoppingToken)
    {
        var batch = new List<EvaluationEvent>(settings.MaxBatchSize);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        window.CancelAfter(settings.FlushInterval);
        try
        {
            while (batch.Count < settings.MaxBatchSize)
            {
                if (reader.TryRead(out var item))
                {
                    batch.Add(item);
                    continue;
                }

                if (!await reader.WaitToReadAsync(window.Token))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The flush interval ended: send what there is.
        }

        return batch;
    }

    private async Task SendWithRetryAsync(List<EvaluationEvent> events, SundialClientOptions settings, CancellationToken stoppingToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var batch = new EvaluationBatch(Merge(events));
        var idempotencyKey = Guid.NewGuid().ToString("N");
        var delay = settings.InitialRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var status = await TrySendAsync(batch, idempotencyKey, stoppingToken);
            if (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
            {
                recorder.CountDelivered(events.Count);
                return;
            }

            if (status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError and not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests)
            {
                // Sending the same batch again cannot succeed; keep the rest flowing.
                recorder.CountDropped(events.Count);
                LogRejected(logger, events.Count, (int)status);
                return;
            }

            LogRetry(logger, events.Count, attempt, delay.TotalSeconds);
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 5)));
            await Task.Delay(delay + jitter, timeProvider, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>The status Sundial answered, or null when it could not be reached.</summary>
    private async Task<HttpStatusCode?> TrySendAsync(EvaluationBatch batch, string idempotencyKey, CancellationToken stoppingToken)
    {
        try
        {
            using var response = await api.PostEvaluationsAsync(batch, idempotencyKey, stoppingToken);
            return response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMinute), value.Offset);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Sundial did not take {Count} evaluations (attempt {Attempt}); retrying in {Seconds:F1} s.")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Sundial rejected {Count} evaluations with status {Status}; they are dropped. Check the API key's ingest scope and the event fields.")]
    private static partial void LogRejected(ILogger logger, int count, int status);
}
