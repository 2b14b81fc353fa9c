namespace Dashboard.Analytics;

/// <summary>
/// Which consumers of a flag to list. Filters select the consumer's recorded states (one per API version and client
/// type); a row sums the states that pass. Version bounds are inclusive and compared in the environment's scheme.
/// </summary>
/// <param name="LegacyOnly">Only states whose latest evaluation served a legacy variation.</param>
/// <param name="ApiVersion">Exactly this API version (compared in the scheme, so <c>2.1</c> matches <c>2.1.0</c>).</param>
/// <param name="MinApiVersion">Lowest API version, inclusive.</param>
/// <param name="MaxApiVersion">Highest API version, inclusive.</param>
/// <param name="ClientType">Exactly this client type.</param>
/// <param name="SeenSince">Only states seen at or after this instant; null for any time.</param>
/// <param name="Search">Part of the consumer's key or display name.</param>
public sealed record FlagConsumerFilter(
    bool LegacyOnly = false,
    string? ApiVersion = null,
    string? MinApiVersion = null,
    string? MaxApiVersion = null,
    string? ClientType = null,
    DateTimeOffset? SeenSince = null,
    string? Search = null);
