namespace Dashboard.Security;

/// <summary>
/// Where to go after signing in: a path within Sundial, never another site. The sign-in page receives it as
/// <c>ReturnUrl</c> from the cookie challenge (<c>/settings/users</c>) or from <c>RedirectToLogin</c> (base-relative).
/// </summary>
public static class LocalReturnUrl
{
    private static readonly Uri SameSite = new("http://sundial.invalid/");

    /// <summary>
    /// The base-relative, percent-encoded target for <c>NavigationManager.NavigateTo</c>, or <c>""</c> (the overview) when
    /// <paramref name="returnUrl"/> is empty or could lead elsewhere: a scheme (<c>https:</c>, <c>javascript:</c>),
    /// <c>//host</c>, backslashes, or control characters, which browsers drop (<c>/\t/evil.example</c> would become
    /// <c>//evil.example</c>).
    /// </summary>
    public static string ToBaseRelative(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Any(c => char.IsControl(c) || c == '\\')
            || (!returnUrl.StartsWith('/') && returnUrl.Split('/', 2)[0].Contains(':', StringComparison.Ordinal)))
        {
            return "";
        }

        var path = returnUrl.StartsWith('/') ? returnUrl : "/" + returnUrl;
        if (path.StartsWith("//", StringComparison.Ordinal)
            || !Uri.TryCreate(SameSite, path, out var resolved)
            || resolved.Host != SameSite.Host || resolved.Scheme != SameSite.Scheme)
        {
            return "";
        }

        // PathAndQuery is percent-encoded, so a Location header built from it is ASCII ("/∕∕x" → "/%E2%88%95%E2%88%95x").
        return (resolved.PathAndQuery + resolved.Fragment).TrimStart('/');
    }
}
