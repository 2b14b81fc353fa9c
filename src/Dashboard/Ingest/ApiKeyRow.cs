using Dashboard.Data.Entities;

namespace Dashboard.Ingest;

/// <summary>An API key as the keys page lists it; never the secret.</summary>
public sealed record ApiKeyRow(
    int Id, string Prefix, string Name, string EnvironmentName, ApiKeyScopes Scopes, DateTime CreatedAt, string? CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt);
