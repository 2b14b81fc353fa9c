using System.Globalization;
using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Environments;
using Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Api;

/// <summary>
/// Which environments an HTTP API caller reaches, in one place: an API key defaults to, and is confined to, its own
/// environment; a signed-in user defaults to the default environment and may name any. Every <c>/api/v1</c> endpoint
/// that reads or changes environment data goes through here (the authorization sweep checks it).
/// </summary>
public sealed class ApiEnvironmentResolver(IDbContextFactory<DashboardDbContext> dbFactory)
{
    /// <summary>The environment the caller's API key belongs to; null for a signed-in user.</summary>
    public static int? KeyEnvironmentId(ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyClaims.EnvironmentId)?.Value is { } raw && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Whether the caller may read or change data of <paramref name="environmentId"/>.</summary>
    public static bool MaySee(ClaimsPrincipal user, int environmentId) => KeyEnvironmentId(user) is not { } own || own == environmentId;

    /// <summary>
    /// The environment named by <c>?environment=</c> (or the caller's default), or the problem to answer: 404 both when
    /// it does not exist and when it is another API key's, so a key cannot learn which environments exist.
    /// </summary>
    public async Task<(EnvironmentSummary? Environment, IResult? Problem)> ResolveAsync(ClaimsPrincipal user, string? environmentKey, CancellationToken cancellationToken)
    {
        var (environment, problem) = await FindAsync(user, string.IsNullOrWhiteSpace(environmentKey) ? null : environmentKey.Trim(), cancellationToken);
        return (environment, problem);
    }

    /// <summary>The environment named by the route's <c>{env}</c>, by the same rule and with the same 404 as <see cref="ResolveAsync"/>.</summary>
    public Task<(EnvironmentSummary? Environment, ProblemHttpResult? Problem)> ResolveRouteAsync(ClaimsPrincipal user, string env, CancellationToken cancellationToken) =>
        FindAsync(user, env, cancellationToken);

    private async Task<(EnvironmentSummary? Environment, ProblemHttpResult? Problem)> FindAsync(ClaimsPrincipal user, string? requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var keyEnvironment = KeyEnvironmentId(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Environments.AsNoTracking();
        query = requested is not null
            ? query.Where(e => e.Key == requested)
            : keyEnvironment is { } own ? query.Where(e => e.Id == own) : query.Where(e => e.IsDefault);
        var environment = await query.Select(e => new EnvironmentSummary(e.Id, e.Key, e.Name, e.IsDefault)).FirstOrDefaultAsync(cancellationToken);
        if (environment is null || !MaySee(user, environment.Id))
        {
            return (null, TypedResults.Problem(
                title: "Unknown environment",
                detail: requested is null ? "No default environment exists; pass ?environment=<key>." : $"No environment '{requested}' is visible to this caller.",
                statusCode: StatusCodes.Status404NotFound));
        }

        return (environment, null);
    }
}
