using System.Globalization;
using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Security;
using Dashboard.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Api;

/// <summary>Campaign API for automation (API key with the <c>manage</c> scope), limited to the key's environment.</summary>
public static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(DashboardPolicies.ManageScope).WithTags("Notifications");
        api.MapPost("/campaigns", CreateAsync).WithName("CreateCampaign");
        api.MapGet("/campaigns/{id:int}", GetAsync).WithName("GetCampaign");
        api.MapGet("/campaigns/{id:int}/recipients", GetRecipientsAsync).WithName("GetCampaignRecipients");
        api.MapGet("/suppressions", GetSuppressionsAsync).WithName("GetSuppressions");
        return app;
    }

    private static async Task<IResult> CreateAsync(
        CreateCampaignRequest? request,
        ClaimsPrincipal user,
        CampaignService campaigns,
        NotificationQueries queries,
        IDbContextFactory<DashboardDbContext> dbFactory,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FieldErrors.Of(string.Empty, "A JSON body is required.").ToProblem();
        }

        var errors = new FieldErrors();
        if (request.PlanId is null)
        {
            errors.Add("planId", "planId is required.");
        }

        int? templateId = request.TemplateId;
        if (templateId is null && !string.IsNullOrWhiteSpace(request.TemplateKey))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            templateId = await db.NotificationTemplates.Where(t => t.Key == request.TemplateKey).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (templateId is null)
            {
                errors.Add("templateKey", $"No template has the key '{request.TemplateKey}'.");
            }
        }
        else if (templateId is null)
        {
            errors.Add("templateId", "templateId or templateKey is required.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (!await PlanInKeyEnvironmentAsync(dbFactory, request.PlanId!.Value, user, cancellationToken))
        {
            return FieldErrors.Of("planId", $"Plan {request.PlanId} does not exist in this key's environment.").ToProblem();
        }

        var audience = new AudienceFilter
        {
            ApiVersionFrom = request.Audience?.ApiVersionFrom,
            ApiVersionBelow = request.Audience?.ApiVersionBelow,
            ClientTypes = request.Audience?.ClientTypes?.Where(t => !string.IsNullOrWhiteSpace(t)).ToList() ?? [],
            Tiers = request.Audience?.Tiers?.Where(t => !string.IsNullOrWhiteSpace(t)).ToList() ?? [],
            ConsumerKeys = request.Audience?.ConsumerKeys?.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [],
        };
        var draft = new CampaignDraft(request.PlanId.Value, templateId!.Value, request.Name ?? string.Empty, audience, request.IsServiceNotice, request.ScheduledAt?.UtcDateTime);
        try
        {
            var id = await campaigns.CreateAsync(draft, "api-key:" + user.FindFirstValue(ApiKeyClaims.KeyId), cancellationToken);
            var progress = await queries.GetCampaignAsync(id, cancellationToken);
            return Results.Created(string.Create(CultureInfo.InvariantCulture, $"/api/v1/campaigns/{id}"), progress);
        }
        catch (FieldErrorsException exception)
        {
            return exception.ToProblem();
        }
    }

    private static async Task<IResult> GetAsync(int id, ClaimsPrincipal user, NotificationQueries queries, CancellationToken cancellationToken)
    {
        var campaign = await queries.GetCampaignAsync(id, cancellationToken);
        return campaign is null || !InKeyEnvironment(user, campaign.EnvironmentId) ? NotFound(id) : Results.Ok(campaign);
    }

    private static async Task<IResult> GetRecipientsAsync(
        int id,
        ClaimsPrincipal user,
        NotificationQueries queries,
        string? status,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var campaign = await queries.GetCampaignAsync(id, cancellationToken);
        if (campaign is null || !InKeyEnvironment(user, campaign.EnvironmentId))
        {
            return NotFound(id);
        }

        OutboxStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, CultureInfo.InvariantCulture, out _))
            {
                return FieldErrors.Of("status", $"'{status}' is not a status; use one of {string.Join(", ", Enum.GetNames<OutboxStatus>())}.").ToProblem();
            }

            statusFilter = parsed;
        }

        if (PagingProblem(page, pageSize) is { } problem)
        {
            return problem;
        }

        return Results.Ok(await queries.GetMessagesAsync(new MessageQuery(CampaignId: id, Status: statusFilter, Page: page ?? 0, PageSize: pageSize ?? 50, OldestFirst: true), cancellationToken));
    }

    private static async Task<IResult> GetSuppressionsAsync(
        ClaimsPrincipal user, ApiEnvironmentResolver environments, NotificationQueries queries, string? environment, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (PagingProblem(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var (resolved, problem) = await environments.ResolveAsync(user, environment, cancellationToken);
        return problem ?? Results.Ok(await queries.GetSuppressionsAsync(resolved!.Id, page ?? 0, pageSize ?? 50, cancellationToken));
    }

    private static ProblemHttpResult? PagingProblem(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (page < 0)
        {
            errors.Add("page", "page must be 0 or more.");
        }

        if (pageSize is < 1 or > NotificationQueries.MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be between 1 and {NotificationQueries.MaxPageSize}.");
        }

        return errors.IsEmpty ? null : errors.ToProblem();
    }

    private static async Task<bool> PlanInKeyEnvironmentAsync(IDbContextFactory<DashboardDbContext> dbFactory, int planId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environmentId = await db.DeprecationPlans.Where(p => p.Id == planId).Select(p => (int?)p.EnvironmentId).FirstOrDefaultAsync(cancellationToken);
        return environmentId is { } id && InKeyEnvironment(user, id);
    }

    private static bool InKeyEnvironment(ClaimsPrincipal user, int environmentId) => ApiEnvironmentResolver.MaySee(user, environmentId);

    private static IResult NotFound(int id) =>
        Results.Problem(title: "Campaign not found", detail: $"Campaign {id} does not exist in this key's environment.", statusCode: StatusCodes.Status404NotFound);
}
