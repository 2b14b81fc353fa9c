namespace Dashboard.Timelines;

/// <summary>The header values a provider copies onto its response (null or empty when none apply).</summary>
public sealed record PolicyHeaderValues(string? Deprecation, string? Sunset, IReadOnlyList<string> Link)
{
    public static PolicyHeaderValues From(DeprecationHeaders headers) => new(headers.Deprecation, headers.Sunset, headers.Links);
}
