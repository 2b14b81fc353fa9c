using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;api key&gt;</c> by the SHA-256 of the key, looked up through
/// <see cref="KeyDirectory"/>. A missing, unknown or revoked key yields a 401 problem; the key's scopes become claims
/// that the scope policies check.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyDirectory keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private static readonly (ApiKeyScopes Scope, string Name)[] ScopeNames =
        [(ApiKeyScopes.Ingest, "ingest"), (ApiKeyScopes.Policy, "policy"), (ApiKeyScopes.Read, "read"), (ApiKeyScopes.Manage, "manage")];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadBearerToken(Request.Headers.Authorization.ToString());
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.FindApiKeyAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not known.");
        }

        if (key.IsRevoked)
        {
            return AuthenticateResult.Fail("The API key was revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "key:" + key.Prefix),
            new(ApiKeyClaims.KeyId, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ApiKeyClaims.EnvironmentId, key.EnvironmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ApiKeyClaims.EnvironmentKey, key.EnvironmentKey),
        };
        claims.AddRange(ScopeNames.Where(s => key.Scopes.HasFlag(s.Scope)).Select(s => new Claim(ApiKeyClaims.Scope, s.Name)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Authentication required",
            detail: failure ?? "Send an API key as 'Authorization: Bearer <key>'.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await Results.Problem(
            title: "Forbidden",
            detail: "The API key does not have the scope this endpoint requires.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }

    private static string? ReadBearerToken(string header)
    {
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[bearer.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
