namespace Dashboard.Analytics;

/// <summary>
/// Which consumers of a flag to list. Filters select the consumer's hourly rollups; a row sums the rollups that pass, so
/// its numbers cover exactly the "seen since" window. Version bounds are inclusive and compared in the environment's scheme.
/// </summary>
/// <param name="LegacyOnly">Only consumers that received a legacy variation within the filters and window.</param>
/// <param name="ApiVersion">Exactly this API version (compared in the scheme, so <c>2.1</c> matches <c>2.1.0</c>).</param>
/// <param name="MinApiVersion">Lowest API version, inclusive.</param>
/// <param name="MaxApiVersion">Highest API version, inclusive.</param>
/// <param name="ClientType">Exactly this client type.</param>
/// <param name="SeenSince">Only evaluations in rollup hours starting at or after this instant; null for all history.</param>
/// <param name="Search">Part of the consumer's key or display name.</param>
public sealed record FlagConsumerFilter(
    bool LegacyOnly = false,
    string? ApiVersion = null,
    string? MinApiVersion = null,
    string? MaxApiVersion = null,
    string? ClientType = null,
    DateTimeOffset? SeenSince = null,
    string? Search = null);
