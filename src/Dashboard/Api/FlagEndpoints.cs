using System.Security.Claims;
using Dashboard.Analytics;
using Dashboard.Security;
using Dashboard.Validation;

namespace Dashboard.Api;

/// <summary>
/// Correcting flags that ingest discovered: archive, restore or delete them with their counted data (manage scope).
/// Flags from LaunchDarkly flag data, created by a person, or with a deprecation plan are refused with 409.
/// </summary>
public static class FlagEndpoints
{
    public static IEndpointRouteBuilder MapFlagEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var flags = endpoints.MapGroup("/api/v1/environments/{env}/flags/{key}").WithTags("Flags").DisableAntiforgery();
        flags.MapPost("/archive", (string env, string key, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries queries, DiscoveredFlagRemoval removal, CancellationToken ct) =>
                ApplyAsync(env, key, user, environments, queries, id => removal.SetArchivedAsync(id, true, Actor(user), ct), ct))
            .RequireAuthorization(DashboardPolicies.ManageScope)
            .WithSummary("Archive a flag discovered from events (hidden from lists and KPIs, data kept)");
        flags.MapPost("/unarchive", (string env, string key, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries queries, DiscoveredFlagRemoval removal, CancellationToken ct) =>
                ApplyAsync(env, key, user, environments, queries, id => removal.SetArchivedAsync(id, false, Actor(user), ct), ct))
            .RequireAuthorization(DashboardPolicies.ManageScope)
            .WithSummary("Restore an archived discovered flag");
        flags.MapDelete("", (string env, string key, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries queries, DiscoveredFlagRemoval removal, CancellationToken ct) =>
                ApplyAsync(env, key, user, environments, queries, id => removal.DeleteAsync(id, Actor(user), ct), ct))
            .RequireAuthorization(DashboardPolicies.ManageScope)
            .WithSummary("Delete a flag discovered from events with its variations, rollups and latest state");
        return endpoints;
    }

    private static async Task<IResult> ApplyAsync(
        string env, string key, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries queries, Func<int, Task<FieldErrors>> action, CancellationToken ct)
    {
        var (environment, problem) = await environments.ResolveRouteAsync(user, env, ct);
        if (environment is null)
        {
            return problem!;
        }

        if (await queries.FindFlagIdAsync(environment.Id, key, ct) is not { } flagId)
        {
            return Results.Problem(title: "Flag not found", detail: $"No flag '{key}' in environment '{env}' is visible to this key.", statusCode: StatusCodes.Status404NotFound);
        }

        var result = await action(flagId);
        return result.IsEmpty
            ? Results.NoContent()
            : result.ToProblem(title: "The flag was not changed", statusCode: StatusCodes.Status409Conflict);
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "api";
}
