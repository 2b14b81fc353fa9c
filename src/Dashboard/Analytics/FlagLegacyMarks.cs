using Dashboard.Auditing;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>Marks which variations of a flag are legacy (the behaviour being retired); every change is audited.</summary>
public sealed class FlagLegacyMarks(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog)
{
    /// <summary>Sets the mark; returns false when the variation does not exist. Setting the current value changes nothing and writes no audit entry.</summary>
    public async Task<bool> SetAsync(int flagId, int variationIndex, bool isLegacy, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var variation = await db.FlagVariations.SingleOrDefaultAsync(v => v.FlagId == flagId && v.Index == variationIndex, cancellationToken);
        if (variation is null)
        {
            return false;
        }

        if (variation.IsLegacy == isLegacy)
        {
            return true;
        }

        var flagKey = await db.Flags.Where(f => f.Id == flagId).Select(f => f.Key).SingleAsync(cancellationToken);
        var label = FlagQueries.VariationLabel(variation.Index, variation.Name, variation.ValueJson);
        variation.IsLegacy = isLegacy;
        auditLog.Record(
            db,
            actor,
            isLegacy ? "flag.variation.marked-legacy" : "flag.variation.unmarked-legacy",
            "Flag",
            flagKey,
            isLegacy ? $"Marked variation {variationIndex} ({label}) of {flagKey} as legacy" : $"Removed the legacy mark from variation {variationIndex} ({label}) of {flagKey}",
            new { variationIndex, isLegacy = !isLegacy },
            new { variationIndex, isLegacy });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
