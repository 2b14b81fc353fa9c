namespace Dashboard.Analytics;

/// <summary>
/// One consumer of a flag: the versions and client types it sent, its evaluations and legacy evaluations within the
/// filter's window (hourly rollups), and, for display, what it received last and when it was first and last seen.
/// </summary>
public sealed record FlagConsumerRow(
    string ConsumerKey,
    string DisplayName,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> ClientTypes,
    string LastVariation,
    long LegacyEvaluations,
    long Evaluations,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    IReadOnlyList<string> Contacts)
{
    /// <summary>Received a legacy variation within the window (see <see cref="LegacyUsage"/>), whatever it received last.</summary>
    public bool OnLegacy => LegacyEvaluations > 0;
}
