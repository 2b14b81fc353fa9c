using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Timelines;
using Dashboard.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Api;

/// <summary>
/// Plans as code: list plans and who they affect (scope <c>read</c>), create, update, complete or cancel plans and grant
/// extensions (scope <c>manage</c>). Bad input answers a validation problem naming each field; nothing is half-stored.
/// </summary>
public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var plans = endpoints.MapGroup("/api/v1/plans").WithTags("Plans");
        plans.MapGet("", ListAsync).RequireAuthorization(DashboardPolicies.ReadScope).WithSummary("List the environment's deprecation plans");
        plans.MapGet("/{id:int}", GetAsync).RequireAuthorization(DashboardPolicies.ReadScope).WithSummary("One plan with brownouts and extensions");
        plans.MapGet("/{id:int}/affected-consumers", AffectedAsync).RequireAuthorization(DashboardPolicies.ReadScope).WithSummary("Consumers still receiving the retired behaviour");
        plans.MapPost("", CreateAsync).RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Create a plan");
        plans.MapPut("/{id:int}", UpdateAsync).RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Replace a plan's fields and brownouts");
        plans.MapPost("/{id:int}/cancel", (int id, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct) =>
                MoveAsync(id, PlanStatus.Cancelled, context, service, dbFactory, ct))
            .RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Cancel a plan");
        plans.MapPost("/{id:int}/complete", (int id, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct) =>
                MoveAsync(id, PlanStatus.Completed, context, service, dbFactory, ct))
            .RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Mark a plan past its sunset as completed");
        plans.MapPost("/{id:int}/announce", AnnounceAsync).RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Announce a draft plan now");
        plans.MapPut("/{id:int}/extensions/{consumer}", SetExtensionAsync).RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Grant one consumer a later sunset");
        plans.MapDelete("/{id:int}/extensions/{consumer}", RemoveExtensionAsync).RequireAuthorization(DashboardPolicies.ManageScope).WithSummary("Remove a consumer's extension");

        endpoints.MapGet("/api/v1/calendar.ics", CalendarAsync)
            .RequireAuthorization(new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAssertion(c => c.User.IsInRole(DashboardRoles.Admin) || DashboardRoles.All.Any(c.User.IsInRole) || c.User.HasClaim(ApiKeyClaims.Scope, "read"))
                .Build())
            .WithTags("Plans")
            .WithSummary("iCalendar feed of plan dates (read key or signed-in user)")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar");
        // The secret in the URL is the credential (calendar apps send no headers); an unknown or revoked one is a plain 404.
        endpoints.MapGet(CalendarFeedKeys.RoutePattern, SecretCalendarAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, ApiEnvironmentResolver environments, PlanQueries queries, [FromQuery] string? environment, CancellationToken ct)
    {
        var (resolved, problem) = await environments.ResolveAsync(context.User, environment, ct);
        return problem ?? Results.Json(await queries.ListAsync(resolved!.Id, cancellationToken: ct), PolicyEndpoints.Json);
    }

    private static async Task<IResult> GetAsync(int id, HttpContext context, PlanQueries queries, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        return Results.Json(await queries.GetAsync(id, ct), PolicyEndpoints.Json);
    }

    private static async Task<IResult> AffectedAsync(
        int id, HttpContext context, AffectedConsumerQueries queries, LegacyUsage legacyUsage, IDbContextFactory<DashboardDbContext> dbFactory, [FromQuery] int? windowDays, CancellationToken ct)
    {
        if (windowDays is < 1 or > 365)
        {
            return FieldErrors.Of("windowDays", "windowDays must be between 1 and 365.").ToProblem();
        }

        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        // Without windowDays the API answers over the same configured window as the plan page and campaign audiences.
        var days = windowDays ?? legacyUsage.AffectedDays;
        var consumers = await queries.GetAsync(id, windowDays: days, cancellationToken: ct);
        return Results.Json(new { count = consumers.Count, windowDays = days, consumers }, PolicyEndpoints.Json);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ApiEnvironmentResolver environments, PlanService service, [FromQuery] string? environment, CancellationToken ct)
    {
        var (resolved, problem) = await environments.ResolveAsync(context.User, environment, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (input, bodyProblem) = await ReadPlanAsync(context.Request, ct);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var result = await service.CreateAsync(resolved!.Id, input!, Actor(context.User), ct);
        if (!result.Succeeded)
        {
            return Failed(result);
        }

        context.Response.Headers.Location = $"/api/v1/plans/{result.PlanId}";
        return Results.Json(new { id = result.PlanId, warnings = result.Warnings }, PolicyEndpoints.Json, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(int id, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        var (input, bodyProblem) = await ReadPlanAsync(context.Request, ct);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var result = await service.UpdateAsync(id, input!, Actor(context.User), ct);
        return result.Succeeded ? Results.Json(new { id, warnings = result.Warnings }, PolicyEndpoints.Json) : Failed(result);
    }

    private static async Task<IResult> AnnounceAsync(int id, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        var result = await service.AnnounceNowAsync(id, Actor(context.User), ct);
        return result.Succeeded
            ? Results.Json(new { id, status = PlanStatus.Announced, warnings = result.Warnings }, PolicyEndpoints.Json)
            : Failed(result, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> MoveAsync(int id, PlanStatus target, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        var result = await service.MoveAsync(id, target, Actor(context.User), ct);
        return result.Succeeded ? Results.Json(new { id, status = target }, PolicyEndpoints.Json) : Failed(result, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> SetExtensionAsync(int id, string consumer, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        var (input, bodyProblem) = await JsonBody.ReadAsync<ExtensionInput>(context.Request, PolicyEndpoints.Json, ct);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        input!.ConsumerKey = consumer;
        var dates = new FieldErrors();
        input.SunsetAt = PlanInputDates.Utc(input.SunsetAt, "sunsetAt", dates);
        if (!dates.IsEmpty)
        {
            return Invalid(dates, FieldErrors.None);
        }

        var result = await service.SetExtensionAsync(id, input, Actor(context.User), ct);
        return result.Succeeded ? Results.Json(new { id, consumer, sunsetAt = input.SunsetAt }, PolicyEndpoints.Json) : Failed(result);
    }

    private static async Task<IResult> RemoveExtensionAsync(int id, string consumer, HttpContext context, PlanService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (await NotVisibleAsync(id, context.User, dbFactory, ct) is { } problem)
        {
            return problem;
        }

        var result = await service.RemoveExtensionAsync(id, consumer, Actor(context.User), ct);
        return result.Succeeded ? Results.NoContent() : Failed(result);
    }

    private static async Task<IResult> CalendarAsync(HttpContext context, ApiEnvironmentResolver environments, PlanQueries queries, TimeProvider timeProvider, [FromQuery] string? environment, CancellationToken ct) =>
        await WriteCalendarAsync(context.User, context, environments, queries, timeProvider, environment, ct);

    private static async Task<IResult> WriteCalendarAsync(ClaimsPrincipal caller, HttpContext context, ApiEnvironmentResolver environments, PlanQueries queries, TimeProvider timeProvider, string? environment, CancellationToken ct)
    {
        var (resolved, problem) = await environments.ResolveAsync(caller, environment, ct);
        if (problem is not null)
        {
            return problem;
        }

        var plans = await queries.ListAsync(resolved!.Id, includeCancelled: false, ct);
        var calendar = PlanCalendar.Write(resolved.Key, plans, timeProvider.GetUtcNow().UtcDateTime, context.Request.Host.Host);
        context.Response.Headers.ContentDisposition = $"inline; filename=\"sundial-{resolved.Key}.ics\"";
        return Results.Text(calendar, "text/calendar; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> SecretCalendarAsync(
        string secret, HttpContext context, CalendarFeedKeys feeds, ApiEnvironmentResolver environments, PlanQueries queries, TimeProvider timeProvider, [FromQuery] string? environment, CancellationToken ct)
    {
        if (await feeds.FindOwnerAsync(secret, ct) is null)
        {
            return Results.NotFound();
        }

        // The owner is a signed-in user, who sees every environment: resolve as one, without an API key's confinement.
        var owner = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, DashboardRoles.Viewer)], "calendar-feed"));
        context.Response.Headers.CacheControl = "private, no-store";
        return await WriteCalendarAsync(owner, context, environments, queries, timeProvider, environment, ct);
    }

    /// <summary>The plan body with its dates in UTC, or the problem naming the unreadable field.</summary>
    private static async Task<(PlanInput? Input, IResult? Problem)> ReadPlanAsync(HttpRequest request, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<PlanInput>(request, PolicyEndpoints.Json, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var dates = PlanInputDates.Normalise(input!);
        return dates.IsEmpty ? (input, null) : (null, Invalid(dates, FieldErrors.None));
    }

    /// <summary>404 for plans that do not exist or belong to another environment than the key's (no hint which).</summary>
    private static async Task<IResult?> NotVisibleAsync(int id, ClaimsPrincipal user, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var environmentId = await db.DeprecationPlans.AsNoTracking().Where(p => p.Id == id).Select(p => (int?)p.EnvironmentId).SingleOrDefaultAsync(ct);
        return environmentId is null || !ApiEnvironmentResolver.MaySee(user, environmentId.Value)
            ? Results.Problem(title: "Unknown plan", detail: $"No plan {id} in this key's environment.", statusCode: StatusCodes.Status404NotFound)
            : null;
    }

    private static IResult Failed(PlanChangeResult result, int status = StatusCodes.Status400BadRequest) =>
        result.NotFound
            ? Results.Problem(title: "Not found", detail: result.Errors.For("id"), statusCode: StatusCodes.Status404NotFound)
            : Invalid(result.Errors, result.Warnings, status);

    private static ProblemHttpResult Invalid(FieldErrors errors, FieldErrors warnings, int status = StatusCodes.Status400BadRequest) =>
        errors.ToProblem(
            title: "The plan was not saved",
            statusCode: status,
            extensions: warnings.IsEmpty ? null : new Dictionary<string, object?> { ["warnings"] = warnings.ToDictionary(w => w.Key, w => w.Value) });

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "api";
}
