namespace Dashboard.Data.Entities;

/// <summary>
/// A secret that authenticates the HTTP APIs for one environment. Only the SHA-256 hash of the secret is stored;
/// the prefix identifies the key in lists and logs.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int EnvironmentId { get; set; }

    public DashboardEnvironment? Environment { get; set; }

    /// <summary>The first characters of the secret, safe to show.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the full secret.</summary>
    public required string SecretHash { get; set; }

    public ApiKeyScopes Scopes { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
