namespace Dashboard.Data.Entities;

/// <summary>One deployment environment of the provider's API (production, staging, …) and how its metadata is read.</summary>
public sealed class DashboardEnvironment
{
    public int Id { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public bool IsDefault { get; set; }

    public string? LaunchDarklyProjectKey { get; set; }

    public string? LaunchDarklyEnvironmentKey { get; set; }

    public VersionScheme ApiVersionScheme { get; set; } = VersionScheme.SemVer;

    public VersionScheme ClientVersionScheme { get; set; } = VersionScheme.SemVer;

    public ConsumerMapping ConsumerMapping { get; set; } = new();

    public DateTime CreatedAt { get; set; }
}
