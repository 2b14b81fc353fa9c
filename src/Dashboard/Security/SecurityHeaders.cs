using System.Security.Cryptography;

namespace Dashboard.Security;

/// <summary>
/// Content-Security-Policy, framing, sniffing and referrer headers on every response, errors and API answers included.
/// Scripts come from Sundial itself, plus the one inline import map Blazor renders, allowed by a per-request nonce;
/// MudBlazor sets inline styles; the Blazor circuit's WebSocket is same-origin (<c>connect-src 'self'</c>).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "sundial:csp-nonce";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Hex, not Base64: Razor HTML-encodes '+' in the attribute, so a Base64 nonce would not read back as written.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        // Set when the response starts, so headers cleared by the exception handler are written again.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request.Path, nonce);
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>The nonce this response's policy allows for inline scripts.</summary>
    public static string? CspNonce(this HttpContext context) => context.Items[NonceKey] as string;

    private static string ContentSecurityPolicy(PathString path, string nonce)
    {
        // Scalar's page starts itself with an inline module script it renders without a nonce.
        var scripts = path.StartsWithSegments("/scalar") ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
        return $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }
}
