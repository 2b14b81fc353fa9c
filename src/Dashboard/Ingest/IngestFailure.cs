namespace Dashboard.Ingest;

/// <summary>
/// A stage of ingest (journaling or folding) has failed since <see cref="Since"/> (UTC), last at <see cref="LastAt"/>;
/// <see cref="Problem"/> is the last error.
/// </summary>
public sealed record IngestFailure(DateTime Since, DateTime LastAt, string Problem)
{
    /// <summary>The failure after another error: it keeps the time the stage first failed.</summary>
    public static IngestFailure After(IngestFailure? current, Exception exception, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return new(current?.Since ?? now, now, exception.GetBaseException().Message);
    }
}
