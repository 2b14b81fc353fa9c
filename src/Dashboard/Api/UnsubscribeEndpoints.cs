using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Components.Pages.Notifications;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Api;

/// <summary>
/// One-click unsubscribe (RFC 8058). The signed token is the credential, so both routes are anonymous. GET shows a confirmation
/// (or that the address is already unsubscribed) (link scanners must not unsubscribe anyone); POST — from the confirmation button or straight from the
/// mail client — records a suppression for the address and plan and stops its pending messages.
/// </summary>
public static class UnsubscribeEndpoints
{
    public const string RoutePattern = "/unsubscribe/{token}";

    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(RoutePattern, ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(RoutePattern, UnsubscribeAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, UnsubscribeTokens tokens, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } request)
        {
            return Page(StatusCodes.Status400BadRequest, UnsubscribeState.Invalid, "Link not valid");
        }

        var planTitle = await PlanTitleAsync(dbFactory, request.PlanId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A revisit (or the browser's back button) after unsubscribing says so instead of asking again.
        var email = request.Email;
        if (await db.Suppressions.AnyAsync(s => s.Email == email && (s.PlanId == request.PlanId || s.PlanId == null), cancellationToken))
        {
            return Page(StatusCodes.Status200OK, UnsubscribeState.AlreadyDone, "Already unsubscribed", email, planTitle);
        }

        return Page(StatusCodes.Status200OK, UnsubscribeState.Ask, "Unsubscribe", email, planTitle, "/unsubscribe/" + Uri.EscapeDataString(token));
    }

    private static async Task<IResult> UnsubscribeAsync(
        string token,
        HttpContext context,
        UnsubscribeTokens tokens,
        IDbContextFactory<DashboardDbContext> dbFactory,
        AuditLog auditLog,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } request)
        {
            return FieldErrors.Of("token", "The token is not valid or has expired.")
                .ToProblem(title: "Invalid unsubscribe link", detail: "The token is not valid or has expired; nothing was changed.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var email = request.Email;
        var exists = await db.Suppressions.AnyAsync(s => s.Email == email && s.PlanId == request.PlanId, cancellationToken);
        if (!exists)
        {
            db.Suppressions.Add(new Suppression { Email = email, PlanId = request.PlanId, Reason = "unsubscribed", CreatedAt = timeProvider.GetUtcNow().UtcDateTime });
            var stopped = await db.OutboxMessages
                .Where(m => m.PlanId == request.PlanId && m.ToAddress == email && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Suppressed).SetProperty(m => m.LastError, "unsubscribed"), cancellationToken);
            auditLog.Record(db, email, "suppression.unsubscribe", nameof(Suppression), request.ContactId.ToString(CultureInfo.InvariantCulture),
                $"{email} unsubscribed from plan {request.PlanId} by link; {stopped} pending messages stopped");
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var planTitle = await PlanTitleAsync(dbFactory, request.PlanId, cancellationToken);
        return Page(StatusCodes.Status200OK, exists ? UnsubscribeState.AlreadyDone : UnsubscribeState.Done, exists ? "Already unsubscribed" : "Unsubscribed", email, planTitle);
    }

    private static async Task<string> PlanTitleAsync(IDbContextFactory<DashboardDbContext> dbFactory, int planId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeprecationPlans.Where(p => p.Id == planId).Select(p => p.Title).FirstOrDefaultAsync(cancellationToken) ?? "this change";
    }

    private static RazorComponentResult<UnsubscribePage> Page(int statusCode, UnsubscribeState state, string title, string email = "", string planTitle = "", string action = "") =>
        new(new Dictionary<string, object?>
        {
            [nameof(UnsubscribePage.State)] = state,
            [nameof(UnsubscribePage.Title)] = title,
            [nameof(UnsubscribePage.Email)] = email,
            [nameof(UnsubscribePage.PlanTitle)] = planTitle,
            [nameof(UnsubscribePage.Action)] = action,
        })
        {
            StatusCode = statusCode,
        };
}
