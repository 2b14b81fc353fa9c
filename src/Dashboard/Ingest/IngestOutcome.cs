namespace Dashboard.Ingest;

/// <summary>How the writer settled one request.</summary>
public enum IngestOutcomeKind
{
    /// <summary>Counted and committed.</summary>
    Committed,

    /// <summary>The idempotency key was committed before with the same body; nothing counted again.</summary>
    Replayed,

    /// <summary>The idempotency key was committed before with a different body; nothing counted.</summary>
    Conflict,
}

/// <summary>The result a request answers with once the writer has committed (or refused) it.</summary>
public sealed record IngestOutcome(IngestOutcomeKind Kind, int EventCount)
{
    /// <summary>A request whose idempotency key was answered before: a replay with the same body, else a conflict.</summary>
    public static IngestOutcome ForRepeat(string payloadHash, string answeredHash, int answeredEventCount) =>
        string.Equals(payloadHash, answeredHash, StringComparison.Ordinal)
            ? new IngestOutcome(IngestOutcomeKind.Replayed, answeredEventCount)
            : new IngestOutcome(IngestOutcomeKind.Conflict, answeredEventCount);
}
