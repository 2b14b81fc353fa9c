namespace Dashboard.Security;

/// <summary>A registered LaunchDarkly SDK key as looked up by its hash; <see cref="Id"/> is null for the configured demo key.</summary>
public sealed record SdkKeyIdentity(int? Id, string Label, bool IsRevoked, int EnvironmentId, string EnvironmentKey);
