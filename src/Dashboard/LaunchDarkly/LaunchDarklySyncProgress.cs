namespace Dashboard.LaunchDarkly;

/// <summary>Where a running sync is, for a progress display.</summary>
/// <param name="EnvironmentKey">Sundial environment being synced.</param>
/// <param name="EnvironmentIndex">1-based position among the mapped environments.</param>
/// <param name="EnvironmentCount">How many environments are mapped.</param>
/// <param name="Message">What is happening, e.g. "flags page 2 (200 flags so far)".</param>
public sealed record LaunchDarklySyncProgress(string EnvironmentKey, int EnvironmentIndex, int EnvironmentCount, string Message);
