namespace Dashboard.LaunchDarkly;

/// <summary>The effective connection settings: what an admin saved in the UI, otherwise configuration.</summary>
/// <param name="ProjectKey">Default project key, or null when none is set anywhere.</param>
/// <param name="SyncInterval">Background sync interval; zero when off.</param>
/// <param name="TokenSource">Where the token comes from, for display; the token itself is never shown.</param>
/// <param name="TokenUpdatedAt">When a token was last saved in the UI.</param>
/// <param name="LastSync">Outcome of the last sync, or null before the first one.</param>
public sealed record LaunchDarklySettings(
    string? ProjectKey,
    TimeSpan SyncInterval,
    LaunchDarklyTokenSource TokenSource,
    DateTime? TokenUpdatedAt,
    LaunchDarklySyncStatus? LastSync);
