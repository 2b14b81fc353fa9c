namespace Dashboard.Analytics;

/// <summary>What archiving or deleting a flag would affect, shown before either is done.</summary>
/// <param name="FlagKey">The flag.</param>
/// <param name="IsDiscovered">True for a flag created by ingest (not synced, imported or created by a person): only those can be archived or deleted here.</param>
/// <param name="IsArchived">Whether the flag is archived now.</param>
/// <param name="Variations">Variation rows that delete removes.</param>
/// <param name="Rollups">Hourly rollup rows that delete removes.</param>
/// <param name="Evaluations">Evaluations those rollups count.</param>
/// <param name="LatestStates">Latest-state rows (one per consumer, API version and client type) that delete removes.</param>
/// <param name="Consumers">Consumers those rows belong to (the consumers themselves stay).</param>
/// <param name="Refusal">Why neither is allowed, or null.</param>
public sealed record FlagRemovalPreview(
    string FlagKey,
    bool IsDiscovered,
    bool IsArchived,
    int Variations,
    int Rollups,
    long Evaluations,
    int LatestStates,
    int Consumers,
    string? Refusal);
