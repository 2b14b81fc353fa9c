namespace Dashboard.Ingest;

/// <summary>
/// One accepted request as the ingest journal holds it: the record that it was counted (idempotency key, body hash,
/// origin) and its pre-aggregated tallies, waiting to be folded into the rollups.
/// </summary>
public sealed record JournaledBatch(
    long JournalId,
    int EnvironmentId,
    string IdempotencyKey,
    string PayloadHash,
    string Origin,
    int? ApiKeyId,
    DateTime ReceivedAt,
    int EventCount,
    IReadOnlyDictionary<RollupKey, RollupTally> Rollups,
    IReadOnlyDictionary<(string FlagKey, int Index), string> VariationValues);
