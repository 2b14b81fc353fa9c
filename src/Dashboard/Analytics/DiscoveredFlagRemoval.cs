using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>
/// Archives or deletes flags that ingest discovered (e.g. from a mistyped key), with their counted data. Flags synced or
/// imported from LaunchDarkly, or created by a person, are corrected at their source; a flag a plan references is kept so
/// the plan and what it told consumers stay readable. Callers check the Edit policy (or the manage scope) first.
/// </summary>
public sealed class DiscoveredFlagRemoval(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, FlagCatalog flagCatalog)
{
    /// <summary>The flag's data counts and whether it may be archived or deleted; null when the flag does not exist.</summary>
    public async Task<FlagRemovalPreview?> PreviewAsync(int flagId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PreviewAsync(db, flagId, cancellationToken);
    }

    /// <summary>Archives (hides from lists and KPIs) or restores a discovered flag; its data stays.</summary>
    public async Task<FieldErrors> SetArchivedAsync(int flagId, bool archived, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (Refused(await PreviewAsync(db, flagId, cancellationToken), flagId) is { } refused)
        {
            return refused;
        }

        var flag = await db.Flags.SingleAsync(f => f.Id == flagId, cancellationToken);
        if (flag.IsArchived == archived)
        {
            return FieldErrors.None;
        }

        flag.IsArchived = archived;
        auditLog.Record(
            db,
            actor,
            archived ? "flag.archived" : "flag.unarchived",
            "Flag",
            flag.Key,
            archived ? $"Archived the discovered flag {flag.Key}" : $"Restored the archived flag {flag.Key}",
            new { isArchived = !archived },
            new { isArchived = archived });
        await db.SaveChangesAsync(cancellationToken);
        return FieldErrors.None;
    }

    /// <summary>Deletes a discovered flag with its variations, rollups and latest state, in one transaction, and audits the counts removed.</summary>
    public async Task<FieldErrors> DeleteAsync(int flagId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var preview = await PreviewAsync(db, flagId, cancellationToken);
        if (Refused(preview, flagId) is { } refused)
        {
            return refused;
        }

        var environmentId = await db.Flags.Where(f => f.Id == flagId).Select(f => f.EnvironmentId).SingleAsync(cancellationToken);
        await db.EvaluationRollups.Where(r => r.FlagId == flagId).ExecuteDeleteAsync(cancellationToken);
        await db.ConsumerFlagStates.Where(s => s.FlagId == flagId).ExecuteDeleteAsync(cancellationToken);
        await db.FlagVariations.Where(v => v.FlagId == flagId).ExecuteDeleteAsync(cancellationToken);
        await db.Flags.Where(f => f.Id == flagId).ExecuteDeleteAsync(cancellationToken);
        auditLog.Record(
            db,
            actor,
            "flag.deleted",
            "Flag",
            preview!.FlagKey,
            $"Deleted the discovered flag {preview.FlagKey} with {preview.Variations} variation(s), {preview.Rollups} rollup row(s) counting {preview.Evaluations} evaluation(s) and {preview.LatestStates} latest-state row(s)",
            new { preview.FlagKey, preview.Variations, preview.Rollups, preview.Evaluations, preview.LatestStates, preview.Consumers },
            null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Ingest validates events against cached flags; an event for this key now creates a new discovered flag.
        flagCatalog.Invalidate(environmentId, preview.FlagKey);
        return FieldErrors.None;
    }

    private static async Task<FlagRemovalPreview?> PreviewAsync(DashboardDbContext db, int flagId, CancellationToken cancellationToken)
    {
        var flag = await db.Flags.AsNoTracking().Where(f => f.Id == flagId)
            .Select(f => new { f.Key, f.EnvironmentId, f.Source, f.IsArchived, Variations = f.Variations.Count })
            .SingleOrDefaultAsync(cancellationToken);
        if (flag is null)
        {
            return null;
        }

        var rollups = db.EvaluationRollups.AsNoTracking().Where(r => r.FlagId == flagId);
        var states = db.ConsumerFlagStates.AsNoTracking().Where(s => s.FlagId == flagId);
        var plans = await db.DeprecationPlans.AsNoTracking().Where(p => p.FlagId == flagId).OrderBy(p => p.Title).Select(p => p.Title).ToListAsync(cancellationToken);
        var hasFlagData = await db.FlagSnapshots.AsNoTracking().AnyAsync(s => s.EnvironmentId == flag.EnvironmentId && s.FlagKey == flag.Key, cancellationToken);
        var isDiscovered = flag.Source == FlagSource.Discovered && !hasFlagData;
        var refusal = !isDiscovered
            ? $"{flag.Key} comes from LaunchDarkly flag data or was created by a person: correct it there. Only flags discovered from evaluation events can be archived or deleted here."
            : plans.Count > 0
                ? $"{flag.Key} has the deprecation plan(s) {string.Join(", ", plans.Select(p => $"\"{p}\""))}: a flag with plans keeps its data, so the plans and what consumers were told stay readable."
                : null;
        return new FlagRemovalPreview(
            flag.Key,
            isDiscovered,
            flag.IsArchived,
            flag.Variations,
            await rollups.CountAsync(cancellationToken),
            await rollups.SumAsync(r => (long?)r.Count, cancellationToken) ?? 0,
            await states.CountAsync(cancellationToken),
            await states.Select(s => s.ConsumerId).Distinct().CountAsync(cancellationToken),
            refusal);
    }

    private static FieldErrors? Refused(FlagRemovalPreview? preview, int flagId) =>
        preview switch
        {
            null => FieldErrors.Of("flag", $"There is no flag {flagId}."),
            { Refusal: { } refusal } => FieldErrors.Of("flag", refusal),
            _ => null,
        };
}
