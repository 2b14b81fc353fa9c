namespace Dashboard.LaunchDarkly;

/// <summary>Which LaunchDarkly project and environment a Sundial environment syncs from (null keys: not synced / default project).</summary>
public sealed record LaunchDarklyEnvironmentMapping(int EnvironmentId, string EnvironmentKey, string EnvironmentName, string? ProjectKey, string? LaunchDarklyEnvironmentKey);
