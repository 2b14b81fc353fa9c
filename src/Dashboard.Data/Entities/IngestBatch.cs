namespace Dashboard.Data.Entities;

/// <summary>
/// A counted ingest request, kept so a retried request with the same idempotency key or payload id is not counted twice.
/// Written in the same transaction as the counts it folded into the rollups.
/// </summary>
public sealed class IngestBatch
{
    public long Id { get; set; }

    public int EnvironmentId { get; set; }

    /// <summary>
    /// The <c>Idempotency-Key</c> header scoped to the API key that sent it (<c>key:{ApiKeyId}:{header}</c>), or the
    /// <c>X-LaunchDarkly-Payload-ID</c> header (<c>ld:{header}</c>); <c>auto:…</c> when the request named none.
    /// </summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the request body, to refuse a replayed key with a different body.</summary>
    public required string PayloadHash { get; set; }

    /// <summary><c>native</c> or <c>launchdarkly</c>.</summary>
    public required string Origin { get; set; }

    public int? ApiKeyId { get; set; }

    public DateTime ReceivedAt { get; set; }

    public int EventCount { get; set; }

    /// <summary>
    /// The request's row in the ingest journal it was acknowledged from; the highest one says how far the journal has
    /// been folded into the rollups. Null for requests counted before the journal existed.
    /// </summary>
    public long? JournalId { get; set; }
}
