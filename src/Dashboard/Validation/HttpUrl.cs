using System.Globalization;
using System.Text;
using Dashboard.Flags.Validation;

namespace Dashboard.Validation;

/// <summary>
/// The one rule for URLs people enter (migration guides, the public base URL): absolute http or https with a host, at most
/// <see cref="MaxLength"/> characters, and nothing <see cref="TextRules.KeyProblem"/> refuses. International URLs (IRIs such
/// as <c>https://docs.example.com/über-guide</c>) are fine to store; <see cref="ToAscii"/> turns them into the ASCII form a
/// header needs.
/// </summary>
public static class HttpUrl
{
    /// <summary>What browsers and mail clients reliably handle.</summary>
    public const int MaxLength = 2048;

    public const string Example = "https://docs.example.com/migrate-v2";

    /// <summary>What is wrong with the URL, as a phrase after the field's name, or null when it is fine.</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TextRules.KeyProblem(value, MaxLength) is { } problem)
        {
            return problem;
        }

        return IsHttp(value) ? null : $"must be an absolute http or https URL, e.g. {Example}";
    }

    public static bool IsValid(string value) => Problem(value) is null;

    /// <summary>
    /// The URL as ASCII for a header (RFC 3986: IRI to URI): the host in IDNA form, everything else outside printable ASCII,
    /// and the angle brackets that delimit a <c>Link</c> target, percent-encoded as UTF-8. Works on anything stored, valid or not.
    /// </summary>
    public static string ToAscii(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ascii = value;
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            ascii = uri.AbsoluteUri;
            if (!string.Equals(uri.Host, uri.IdnHost, StringComparison.Ordinal))
            {
                var at = ascii.IndexOf(uri.Host, uri.Scheme.Length, StringComparison.Ordinal);
                ascii = at < 0 ? ascii : string.Concat(ascii.AsSpan(0, at), uri.IdnHost, ascii.AsSpan(at + uri.Host.Length));
            }
        }

        return PercentEncodeRest(ascii);
    }

    private static bool IsHttp(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host);

    private static string PercentEncodeRest(string value)
    {
        if (!value.AsSpan().ContainsAnyExceptInRange('!', '~') && !value.AsSpan().ContainsAny('<', '>'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F and not '<' and not '>')
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
