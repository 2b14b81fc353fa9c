namespace Dashboard.Data.Entities;

/// <summary>A LaunchDarkly server SDK key registered for an environment, so SDK event payloads can be attributed to it. Hash only.</summary>
public sealed class SdkKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int EnvironmentId { get; set; }

    public DashboardEnvironment? Environment { get; set; }

    /// <summary>The last characters of the SDK key, safe to show.</summary>
    public required string Suffix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the SDK key.</summary>
    public required string KeyHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
