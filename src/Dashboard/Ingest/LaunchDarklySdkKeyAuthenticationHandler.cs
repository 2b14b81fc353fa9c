using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Data;
using Dashboard.Demo;
using Dashboard.Options;
using Dashboard.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// Authenticates LaunchDarkly SDK event posts by their <c>Authorization: &lt;sdk key&gt;</c> header (no scheme word, as
/// the SDKs send it), matched by hash to a registered SDK key. In Development the configured demo SDK key is also
/// accepted for the demo environment, so a local SDK works right after <c>dotnet run</c>.
/// </summary>
public sealed class LaunchDarklySdkKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyDirectory keys,
    IOptions<DemoOptions> demo,
    IHostEnvironment hostEnvironment,
    IDbContextFactory<DashboardDbContext> dbFactory) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LaunchDarklySdkKey";
    public const string PolicyName = "LaunchDarklyEvents";
    public const string SdkKeyIdClaim = "sundial:sdk-key-id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var sdkKey = ReadSdkKey(Request.Headers.Authorization.ToString());
        if (sdkKey is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.FindSdkKeyAsync(sdkKey, Context.RequestAborted) ?? await FindDemoKeyAsync(sdkKey);
        if (key is null)
        {
            return AuthenticateResult.Fail("The SDK key is not registered in Sundial (Settings → API keys).");
        }

        if (key.IsRevoked)
        {
            return AuthenticateResult.Fail("The SDK key was revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "sdk:" + key.Label),
            new(ApiKeyClaims.EnvironmentId, key.EnvironmentId.ToString(CultureInfo.InvariantCulture)),
            new(ApiKeyClaims.EnvironmentKey, key.EnvironmentKey),
        };
        if (key.Id is { } id)
        {
            claims.Add(new Claim(SdkKeyIdClaim, id.ToString(CultureInfo.InvariantCulture)));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(
            title: "Authentication required",
            detail: failure ?? "Send the LaunchDarkly SDK key as 'Authorization: <sdk key>'.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    private async Task<SdkKeyIdentity?> FindDemoKeyAsync(string sdkKey)
    {
        var demoKey = demo.Value.LaunchDarklySdkKey;
        if (!hostEnvironment.IsDevelopment() || !demo.Value.Enabled || demoKey is null
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(sdkKey), System.Text.Encoding.UTF8.GetBytes(demoKey)))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var environment = await db.Environments.AsNoTracking()
            .Where(e => e.Key == DemoScenario.ProductionKey)
            .Select(e => new { e.Id, e.Key })
            .SingleOrDefaultAsync(Context.RequestAborted);
        return environment is null ? null : new SdkKeyIdentity(null, "demo SDK key", false, environment.Id, environment.Key);
    }

    /// <summary>SDKs send the bare key; a <c>Bearer</c> or <c>api_key</c> prefix is tolerated.</summary>
    private static string? ReadSdkKey(string header)
    {
        var value = header.Trim();
        foreach (var prefix in (string[])["Bearer ", "api_key "])
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[prefix.Length..].Trim();
            }
        }

        return value.Length == 0 ? null : value;
    }
}
