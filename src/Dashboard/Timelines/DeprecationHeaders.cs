using System.Globalization;
using Dashboard.Validation;

namespace Dashboard.Timelines;

/// <summary>
/// The response headers a provider sends for retired behaviour: <c>Deprecation</c> as an RFC 9745 structured date
/// (<c>@</c> + Unix seconds), <c>Sunset</c> as an RFC 8594 HTTP-date (IMF-fixdate, always GMT) and one <c>Link</c> value
/// per related resource.
/// </summary>
/// <param name="Links">Each a complete <c>Link</c> field value; send them as separate values (or comma-joined).</param>
public sealed record DeprecationHeaders(string? Deprecation, string? Sunset, IReadOnlyList<string> Links)
{
    public const string DeprecationName = "Deprecation";
    public const string SunsetName = "Sunset";
    public const string LinkName = "Link";

    public static DeprecationHeaders None { get; } = new(null, null, []);

    public bool IsEmpty => Deprecation is null && Sunset is null && Links.Count == 0;

    public static DeprecationHeaders For(DateTime deprecationAt, DateTime sunsetAt, string? migrationGuideUrl, string? sunsetInfoUrl)
    {
        var links = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(migrationGuideUrl))
        {
            links.Add(FormatLink(migrationGuideUrl, "deprecation", "text/html"));
        }

        if (!string.IsNullOrWhiteSpace(sunsetInfoUrl))
        {
            links.Add(FormatLink(sunsetInfoUrl, "sunset", null));
        }

        return new DeprecationHeaders(FormatDeprecation(deprecationAt), FormatSunset(sunsetAt), links);
    }

    /// <summary>RFC 9745 §2.1: an sf-date, i.e. <c>@</c> followed by whole seconds since the Unix epoch.</summary>
    public static string FormatDeprecation(DateTime utc) =>
        "@" + new DateTimeOffset(AsUtc(utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 8594 §3 / RFC 9110 §5.6.7: IMF-fixdate, e.g. <c>Sat, 31 Dec 2018 23:59:59 GMT</c>.</summary>
    public static string FormatSunset(DateTime utc) =>
        AsUtc(utc).ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    /// <summary>
    /// RFC 8288 link value. The target is made ASCII (IRI to URI) with angle brackets and control characters
    /// percent-encoded: a header cannot carry anything else, whatever was stored.
    /// </summary>
    public static string FormatLink(string url, string relation, string? mediaType)
    {
        var target = HttpUrl.ToAscii(url.Trim());
        return mediaType is null ? $"<{target}>; rel=\"{relation}\"" : $"<{target}>; rel=\"{relation}\"; type=\"{mediaType}\"";
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
