using System.Globalization;
using Dashboard.Database;
using Dashboard.Options;
using Dashboard.Validation;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// The request side of ingest, shared by the native and LaunchDarkly endpoints: read the body within limits, answer
/// replays from the stored batch, validate, queue for the writer, and answer once the batch is committed.
/// </summary>
public sealed partial class IngestProcessor(
    IngestEnvironmentCache environments,
    IngestInbox queue,
    IngestJournal journal,
    IngestMetrics metrics,
    NativeEvaluationReader nativeReader,
    LaunchDarklyEventReader launchDarklyReader,
    IOptions<IngestOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestProcessor> logger)
{
    public const string NativeOrigin = "native";
    public const string LaunchDarklyOrigin = "launchdarkly";
    private const int MaxIdempotencyKeyLength = 200;

    /// <summary>Outcome of a request: either a committed (or replayed) batch, or the rejection to answer with.</summary>
    public sealed record Result(IngestOutcome? Outcome, IngestRejection? Rejection);

    public async Task<Result> ProcessAsync(HttpContext context, IngestCaller caller, string origin, string? idempotencyKey, string idempotencyHeader)
    {
        Result result;
        try
        {
            result = await ProcessCoreAsync(context, caller, origin, idempotencyKey, idempotencyHeader);
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception))
        {
            // Disk full, file locked or read-only: the batch is fine and nothing of it was stored; the sender retries it.
            LogUnavailable(logger, exception, caller.KeyLabel);
            result = Reject(new IngestRejection(
                StatusCodes.Status503ServiceUnavailable,
                "storage-unavailable",
                "Ingest cannot store batches right now",
                string.Create(CultureInfo.InvariantCulture, $"Nothing was stored; retry after {options.Value.RetryAfterSeconds} s with the same Idempotency-Key.")));
        }

        if (result.Rejection is { } rejection)
        {
            metrics.RecordRejected(rejection.Reason, caller.KeyLabel, rejection.Detail);
        }

        return result;
    }

    private async Task<Result> ProcessCoreAsync(HttpContext context, IngestCaller caller, string origin, string? idempotencyKey, string idempotencyHeader)
    {
        var cancellationToken = context.RequestAborted;
        if (idempotencyKey is not null)
        {
            var errors = IngestRejection.NewErrors();
            if (idempotencyKey.Length == 0 || !errors.CheckKey(idempotencyHeader, idempotencyKey, MaxIdempotencyKeyLength))
            {
                return Reject(errors.IsEmpty ? IngestRejection.Invalid(idempotencyHeader, "must not be empty") : IngestRejection.Invalid(errors));
            }
        }

        var (pooledBody, bodyRejection) = await IngestRequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, cancellationToken);
        if (pooledBody is null)
        {
            return Reject(bodyRejection!);
        }

        using var bodyBuffer = pooledBody;
        var body = pooledBody.Memory;
        var payloadHash = IngestRequestBody.Hash(body.Span);
        var scopedKey = idempotencyKey is null ? null : caller.ScopeIdempotencyKey(idempotencyKey);
        if (scopedKey is not null && await FindCommittedAsync(caller.EnvironmentId, scopedKey, payloadHash, cancellationToken) is { } replay)
        {
            return replay;
        }

        var environment = await environments.FindAsync(caller.EnvironmentId, cancellationToken);
        if (environment is null)
        {
            return Reject(new IngestRejection(StatusCodes.Status403Forbidden, "no-environment", "Environment not found", "The key's environment no longer exists."));
        }

        var work = new IngestWork(
            environment,
            scopedKey ?? "auto:" + Guid.NewGuid().ToString("N"),
            payloadHash,
            origin,
            caller.ApiKeyId,
            caller.KeyLabel)
        {
            ReceivedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        var rejection = origin == LaunchDarklyOrigin
            ? launchDarklyReader.Read(body, work)
            : await nativeReader.ReadAsync(body, context.Request.Query["environment"].FirstOrDefault(), work, cancellationToken);
        // The tallies hold everything the writer needs; the body's pooled buffer can serve the next request.
        bodyBuffer.Dispose();
        if (rejection is not null)
        {
            work.Release();
            return Reject(rejection);
        }

        if (!queue.TryEnqueue(work))
        {
            work.Release();
            return Reject(new IngestRejection(
                StatusCodes.Status503ServiceUnavailable,
                "queue-full",
                "Ingest is busy",
                string.Create(CultureInfo.InvariantCulture, $"The ingest queue is full; retry after {options.Value.RetryAfterSeconds} s with the same Idempotency-Key.")));
        }

        // The request completes only once its batch is committed; a client that gives up can retry with the same key.
        return new Result(await work.Completion.Task.WaitAsync(cancellationToken), null);
    }

    private async Task<Result?> FindCommittedAsync(int environmentId, string idempotencyKey, string payloadHash, CancellationToken cancellationToken) =>
        await journal.FindAnsweredAsync(environmentId, idempotencyKey, cancellationToken) is { } answered
            ? new Result(IngestOutcome.ForRepeat(payloadHash, answered.PayloadHash, answered.EventCount), null)
            : null;

    private static Result Reject(IngestRejection rejection) => new(null, rejection);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Ingest from {Key} answered 503: the batch could not be stored.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string key);
}
