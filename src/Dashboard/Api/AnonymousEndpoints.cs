namespace Dashboard.Api;

/// <summary>
/// The only routes reachable without signing in or an API key. Kept in one place so the authorization sweep test can
/// assert that everything else is protected; a new anonymous route must be added here on purpose.
/// </summary>
public static class AnonymousEndpoints
{
    public static IReadOnlySet<string> RoutePatterns { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "/health",
        "/account/login",
        "/account/logout",
        "/account/access-denied",
        "/setup",
        "/not-found",
        "/Error",
        "/_blazor/initializers",
        "/unsubscribe/{token}",
        // The secret in the URL is the credential: calendar apps cannot sign in or send a key (CalendarFeedKeys).
        Dashboard.Timelines.CalendarFeedKeys.RoutePattern,
        // Scalar maps its own files anonymous; they are library files without data, like the static assets.
        "/scalar/scalar.js",
        "/scalar/scalar.aspnetcore.js",
        "/scalar/favicon.svg",
    };

    /// <summary>The API reference: open in Development; elsewhere it needs a signed-in user (it maps every endpoint and parameter).</summary>
    public static IReadOnlySet<string> DevelopmentOnlyRoutePatterns { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "/openapi/{documentName}.json",
        "/scalar/{documentName?}",
    };
}
