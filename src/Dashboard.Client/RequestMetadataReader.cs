using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Client;

/// <summary>
/// Reads request metadata from headers (<c>X-API-Version</c>, <c>X-Client-Type</c>, <c>X-Client-Version</c>,
/// <c>X-Tenant-Id</c>), then the query (<c>api_version</c>, <c>client</c>), then the configured defaults.
/// </summary>
public static partial class RequestMetadataReader
{
    private const int MaxValueLength = 128;

    public static RequestMetadata Read(HttpRequest request, SundialClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var (sentVersion, versionOrigin) = First(request, RequestMetadata.ApiVersionHeader, RequestMetadata.ApiVersionQuery);
        var invalid = sentVersion is not null && !IsValid(sentVersion, options.ApiVersionFormat);
        var version = sentVersion is not null && !invalid ? sentVersion : options.DefaultApiVersion;
        if (sentVersion is null || invalid)
        {
            versionOrigin = options.DefaultApiVersion is null ? MetadataOrigin.Missing : MetadataOrigin.Default;
        }

        var (clientType, clientOrigin) = First(request, RequestMetadata.ClientTypeHeader, RequestMetadata.ClientQuery);
        if (clientType is null)
        {
            clientType = options.DefaultClientType;
            clientOrigin = clientType is null ? MetadataOrigin.Missing : MetadataOrigin.Default;
        }

        var (clientVersion, _) = First(request, RequestMetadata.ClientVersionHeader, null);
        var (tenant, _) = First(request, RequestMetadata.TenantIdHeader, null);
        return new RequestMetadata(version, sentVersion, versionOrigin, invalid, clientType, clientOrigin, clientVersion, tenant);
    }

    public static bool IsValid(string version, ApiVersionFormat format) => format switch
    {
        ApiVersionFormat.SemVer => SemVer().IsMatch(version),
        ApiVersionFormat.Date => DateTime.TryParseExact(version, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => version.Length > 0,
    };

    private static (string? Value, MetadataOrigin Origin) First(HttpRequest request, string header, string? query)
    {
        if (Clean(request.Headers[header].ToString()) is { } fromHeader)
        {
            return (fromHeader, MetadataOrigin.Header);
        }

        return query is not null && Clean(request.Query[query].ToString()) is { } fromQuery ? (fromQuery, MetadataOrigin.Query) : (null, MetadataOrigin.Missing);
    }

    /// <summary>Trims, and caps absurd lengths so a hostile header cannot bloat the evaluation buffer.</summary>
    private static string? Clean(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed.Length > MaxValueLength ? trimmed[..MaxValueLength] : trimmed;
    }

    /// <summary>LaunchDarkly-lenient semver: minor and patch optional, pre-release and build allowed.</summary>
    [GeneratedRegex(@"^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SemVer();
}
