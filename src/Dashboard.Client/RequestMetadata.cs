namespace Dashboard.Client;

/// <summary>What a request says about its caller, as the provider targets flags with it.</summary>
/// <param name="ApiVersion">The version to evaluate with: the sent one, or the default when it was missing or invalid.</param>
/// <param name="SentApiVersion">The version exactly as sent (null when none); recorded so Sundial can count invalid values.</param>
/// <param name="ApiVersionInvalid">True when a version was sent but did not read under the configured format.</param>
public sealed record RequestMetadata(
    string? ApiVersion,
    string? SentApiVersion,
    MetadataOrigin ApiVersionOrigin,
    bool ApiVersionInvalid,
    string? ClientType,
    MetadataOrigin ClientTypeOrigin,
    string? ClientVersion,
    string? TenantId)
{
    public const string ApiVersionHeader = "X-API-Version";
    public const string ClientTypeHeader = "X-Client-Type";
    public const string ClientVersionHeader = "X-Client-Version";
    public const string TenantIdHeader = "X-Tenant-Id";
    public const string ApiVersionQuery = "api_version";
    public const string ClientQuery = "client";
}
