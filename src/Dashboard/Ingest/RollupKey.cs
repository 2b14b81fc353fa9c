namespace Dashboard.Ingest;

/// <summary>
/// What one hourly rollup row counts, before flag and consumer ids are known. <see cref="VariationIndex"/> is
/// <see cref="UnresolvedVariation"/> when only a value was sent for a flag that learns its variations from events.
/// </summary>
public readonly record struct RollupKey(
    string FlagKey,
    int VariationIndex,
    string? ValueJson,
    string ConsumerKey,
    string ApiVersion,
    string ClientType,
    string ClientVersion,
    long HourStart)
{
    /// <summary>The event named no variation (e.g. a LaunchDarkly evaluation that fell back to the default).</summary>
    public const int NoVariation = -1;

    /// <summary>The writer resolves the value to a (possibly new) variation index.</summary>
    public const int UnresolvedVariation = int.MinValue;
}
