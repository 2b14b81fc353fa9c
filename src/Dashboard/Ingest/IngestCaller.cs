using System.Globalization;

namespace Dashboard.Ingest;

/// <summary>Who sent an ingest request: the key's environment and how the key shows in the live view.</summary>
public sealed record IngestCaller(int EnvironmentId, int? ApiKeyId, string KeyLabel)
{
    /// <summary>
    /// An idempotency key as stored and looked up: scoped to the API key that sent it (LaunchDarkly payload ids, which
    /// SDKs make unique, to the environment's SDK events), so one key's retries never meet another key's batches.
    /// </summary>
    public string ScopeIdempotencyKey(string idempotencyKey) => ApiKeyId is { } id
        ? string.Create(CultureInfo.InvariantCulture, $"key:{id}:{idempotencyKey}")
        : "ld:" + idempotencyKey;
}
