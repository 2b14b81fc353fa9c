namespace Dashboard.Notifications;

/// <summary>The consumer's own use of the retired behaviour, so the email says exactly what it still has to change.</summary>
/// <param name="LegacyVersions">API versions it still sends with the retired behaviour ("(none)" for calls without a version).</param>
/// <param name="Evaluations">Evaluations served the retired behaviour in the last 30 days.</param>
/// <param name="LastSeen">The last hour in which it received the retired behaviour.</param>
public sealed record UsageModel(IReadOnlyList<string> LegacyVersions, IReadOnlyList<string> ClientTypes, long Evaluations, DateTime LastSeen);
