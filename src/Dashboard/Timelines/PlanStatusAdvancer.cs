using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Timelines;

/// <summary>Moves plans whose dates have passed to their next status (draft → announced → deprecated → sunset), audited as <c>system</c>.</summary>
public sealed class PlanStatusAdvancer(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    public const string Actor = "system";

    /// <summary>Returns how many plans moved.</summary>
    public async Task<int> AdvanceAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only plans with a date behind them can move; the status check itself needs the enum logic, so it runs here.
        var candidates = await db.DeprecationPlans
            .Where(p => p.Status != PlanStatus.Completed && p.Status != PlanStatus.Cancelled && p.Status != PlanStatus.Sunset)
            .Where(p => p.SunsetAt <= now || p.DeprecationAt <= now || (p.AnnounceAt != null && p.AnnounceAt <= now))
            .ToListAsync(cancellationToken);
        var moved = 0;
        foreach (var plan in candidates)
        {
            var next = PlanSchedule.StatusAt(plan, now);
            if (next == plan.Status)
            {
                continue;
            }

            var before = plan.Status;
            plan.Status = next;
            plan.UpdatedAt = now;
            auditLog.Record(
                db, Actor, PlanAuditActions.StatusChanged, PlanAuditActions.EntityType, plan.Id.ToString(CultureInfo.InvariantCulture),
                $"{before} → {next} by date.", new { Status = before.ToString() }, new { Status = next.ToString() });
            moved++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return moved;
    }
}
