using System.Globalization;
using System.Net;
using Dashboard.Api;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Api;

/// <summary>
/// One-click unsubscribe (RFC 8058). The signed token is the credential, so both routes are anonymous. GET only shows a
/// confirmation (link scanners must not unsubscribe anyone); POST — from the confirmation button or straight from the
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
            return Page(StatusCodes.Status400BadRequest, "Link not valid", "<p>This unsubscribe link is not valid or has expired. Use the link in a more recent email, or reply to the sender.</p>");
        }

        var planTitle = await PlanTitleAsync(dbFactory, request.PlanId, cancellationToken);
        var action = "/unsubscribe/" + Uri.EscapeDataString(token);
        return Page(StatusCodes.Status200OK, "Unsubscribe", $"""
            <p>Stop emails to <strong>{Encode(request.Email)}</strong> about <strong>{Encode(planTitle)}</strong>?</p>
            <form method="post" action="{Encode(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
            """);
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
        return Page(StatusCodes.Status200OK, "Unsubscribed", $"<p><strong>{Encode(email)}</strong> will get no more emails about <strong>{Encode(planTitle)}</strong>.</p>");
    }

    private static async Task<string> PlanTitleAsync(IDbContextFactory<DashboardDbContext> dbFactory, int planId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeprecationPlans.Where(p => p.Id == planId).Select(p => p.Title).FirstOrDefaultAsync(cancellationToken) ?? "this change";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static IResult Page(int statusCode, string title, string body) => Results.Content(
        $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Encode(title)}} · Sundial</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.25rem}</style></head>
        <body><h1>{{Encode(title)}}</h1>{{body}}</body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: statusCode);
}
