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
        "/openapi/{documentName}.json",
        "/scalar/{documentName?}",
        "/scalar/scalar.js",
        "/scalar/scalar.aspnetcore.js",
        "/scalar/favicon.svg",
        "/_blazor/initializers",
        "/unsubscribe/{token}",
    };
}
