using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>
/// Marks which variations of a flag are legacy (the behaviour being retired) for the signed-in user, who needs the
/// <see cref="DashboardPolicies.Edit"/> policy. Every change is audited; a flag keeps at least one non-legacy variation.
/// </summary>
public sealed class FlagLegacyMarks(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, CurrentUser currentUser, LegacyUsage legacyUsage)
{
    public const string NotAllowed = "Changing legacy marks needs the Editor role.";

    /// <summary>What setting the mark would change: consumers and evaluations in the recent window, plans and open campaigns.</summary>
    /// <returns>Null when the flag or variation does not exist.</returns>
    public async Task<LegacyMarkImpact?> PreviewAsync(int flagId, int variationIndex, bool isLegacy, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await db.Flags.AsNoTracking().Where(f => f.Id == flagId).Select(f => new { f.Key, f.EnvironmentId }).SingleOrDefaultAsync(cancellationToken);
        var variations = await db.FlagVariations.AsNoTracking().Where(v => v.FlagId == flagId).ToListAsync(cancellationToken);
        if (flag is null || variations.SingleOrDefault(v => v.Index == variationIndex) is not { } variation)
        {
            return null;
        }

        // Other variations that stay legacy: consumers also served one of them are on legacy before and after.
        var otherLegacy = variations.Where(v => v.IsLegacy && v.Index != variationIndex).Select(v => v.Index).ToList();
        var recent = LegacyUsage.Within(db.EvaluationRollups.AsNoTracking().Where(r => r.FlagId == flagId), legacyUsage.Recent());
        var servedThis = recent.Where(r => r.VariationIndex == variationIndex);
        var evaluations = await servedThis.SumAsync(r => (long?)r.Count, cancellationToken) ?? 0;
        var consumers = await servedThis.Select(r => r.ConsumerId)
            .Where(c => !recent.Any(o => o.ConsumerId == c && otherLegacy.Contains(o.VariationIndex)))
            .Distinct()
            .CountAsync(cancellationToken);

        var plans = await db.DeprecationPlans.AsNoTracking()
            .Where(p => p.FlagId == flagId && p.Status != PlanStatus.Cancelled && p.Status != PlanStatus.Completed)
            .OrderBy(p => p.Title)
            .Select(p => new { p.Id, p.Title })
            .ToListAsync(cancellationToken);
        var planIds = plans.Select(p => p.Id).ToList();
        var campaigns = await db.Campaigns.AsNoTracking()
            .CountAsync(c => planIds.Contains(c.PlanId) && (c.Status == CampaignStatus.Draft || c.Status == CampaignStatus.Scheduled), cancellationToken);

        var label = FlagQueries.VariationLabel(variation.Index, variation.Name, variation.ValueJson);
        var refusal = isLegacy && !variation.IsLegacy && variations.All(v => v.IsLegacy || v.Index == variationIndex)
            ? LastNonLegacy(label, flag.Key)
            : null;
        return new LegacyMarkImpact(flag.Key, label, isLegacy, legacyUsage.RecentDays, consumers, evaluations, [.. plans.Select(p => p.Title)], campaigns, refusal);
    }

    /// <summary>
    /// Sets the mark. Refused (nothing stored) when the user may not edit, the variation does not exist, or it would leave no
    /// non-legacy variation. Setting the current value changes nothing and writes no audit entry.
    /// </summary>
    public async Task<FieldErrors> SetAsync(int flagId, int variationIndex, bool isLegacy, CancellationToken cancellationToken = default)
    {
        if (!await currentUser.IsAllowedAsync(DashboardPolicies.Edit))
        {
            return FieldErrors.Of("role", NotAllowed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var variations = await db.FlagVariations.Where(v => v.FlagId == flagId).ToListAsync(cancellationToken);
        if (variations.SingleOrDefault(v => v.Index == variationIndex) is not { } variation)
        {
            return FieldErrors.Of("variationIndex", $"This flag has no variation {variationIndex}.");
        }

        if (variation.IsLegacy == isLegacy)
        {
            return FieldErrors.None;
        }

        var flagKey = await db.Flags.Where(f => f.Id == flagId).Select(f => f.Key).SingleAsync(cancellationToken);
        var label = FlagQueries.VariationLabel(variation.Index, variation.Name, variation.ValueJson);
        if (isLegacy && variations.All(v => v.IsLegacy || v.Index == variationIndex))
        {
            return FieldErrors.Of("isLegacy", LastNonLegacy(label, flagKey));
        }

        variation.IsLegacy = isLegacy;
        auditLog.Record(
            db,
            await currentUser.GetNameAsync(),
            isLegacy ? "flag.variation.marked-legacy" : "flag.variation.unmarked-legacy",
            "Flag",
            flagKey,
            isLegacy ? $"Marked variation {variationIndex} ({label}) of {flagKey} as legacy" : $"Removed the legacy mark from variation {variationIndex} ({label}) of {flagKey}",
            new { variationIndex, isLegacy = !isLegacy },
            new { variationIndex, isLegacy });
        await db.SaveChangesAsync(cancellationToken);
        return FieldErrors.None;
    }

    private static string LastNonLegacy(string label, string flagKey) =>
        $"\"{label}\" is the last variation of {flagKey} that is not legacy: a flag needs at least one variation that serves the new behaviour. Remove the legacy mark from another variation first.";
}
