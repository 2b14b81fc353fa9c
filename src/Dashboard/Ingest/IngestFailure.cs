namespace Dashboard.Ingest;

/// <summary>A stage of ingest (journaling or folding) has failed since <see cref="Since"/> (UTC); <see cref="Problem"/> is the last error.</summary>
public sealed record IngestFailure(DateTime Since, string Problem)
{
    /// <summary>The failure after another error: it keeps the time the stage first failed.</summary>
    public static IngestFailure After(IngestFailure? current, Exception exception, TimeProvider timeProvider) =>
        new(current?.Since ?? timeProvider.GetUtcNow().UtcDateTime, exception.GetBaseException().Message);
}
