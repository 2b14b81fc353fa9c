using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Timelines;

/// <summary>
/// Who a deprecation plan affects, computed live from the hourly rollups through <see cref="LegacyUsage"/>: consumers
/// that received one of the flag's legacy variations within the affected window (<see cref="AnalyticsOptions.AffectedDays"/>),
/// narrowed by the plan's version range and client types (and an optional campaign filter). Evaluations with a missing
/// or unreadable version count as affected whatever the range: they were served the legacy behaviour and will break at
/// the sunset just the same.
/// </summary>
public sealed class AffectedConsumerQueries(IDbContextFactory<DashboardDbContext> dbFactory, LegacyUsage legacyUsage)
{
    /// <param name="windowDays">Days to look back; null for the configured affected window.</param>
    public async Task<IReadOnlyList<AffectedConsumer>> GetAsync(
        int planId,
        AudienceFilter? audience = null,
        int? windowDays = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await LegacyUsage.LoadPlanScopeAsync(db, planId, cancellationToken) is not { } plan)
        {
            return [];
        }

        var window = windowDays is { } days ? legacyUsage.LastDays(days) : legacyUsage.Affected();
        var rows = LegacyUsage.PlanRows(db, plan, window);
        if (audience is not null)
        {
            rows = LegacyScope.WithinVersionRange(rows, audience.ApiVersionFrom, audience.ApiVersionBelow, plan.Scope.Scheme);
            rows = LegacyScope.WithClientTypes(rows, audience.ClientTypes);
        }

        var perVersion = await rows
            .GroupBy(r => new { r.ConsumerId, r.ApiVersion, r.ApiVersionSortKey, r.ClientType })
            .Select(g => new { g.Key.ConsumerId, g.Key.ApiVersion, g.Key.ApiVersionSortKey, g.Key.ClientType, Count = g.Sum(r => r.Count), LastHour = g.Max(r => r.HourStart) })
            .ToListAsync(cancellationToken);
        if (perVersion.Count == 0)
        {
            return [];
        }

        var consumerIds = perVersion.Select(v => v.ConsumerId).Distinct().ToList();
        var consumersQuery = db.Consumers.AsNoTracking().Where(c => EF.Parameter(consumerIds).Contains(c.Id));
        if (audience is { Tiers.Count: > 0 })
        {
            var tiers = audience.Tiers;
            consumersQuery = consumersQuery.Where(c => c.Tier != null && tiers.Contains(c.Tier));
        }

        if (audience is { ConsumerKeys.Count: > 0 })
        {
            var keys = audience.ConsumerKeys;
            consumersQuery = consumersQuery.Where(c => keys.Contains(c.Key));
        }

        var consumers = await consumersQuery.Select(c => new { c.Id, c.Key, c.DisplayName, c.Tier }).ToListAsync(cancellationToken);
        var extensions = await db.ConsumerExtensions.AsNoTracking()
            .Where(e => e.PlanId == planId)
            .ToDictionaryAsync(e => e.ConsumerId, e => e.SunsetAt, cancellationToken);

        var byConsumer = perVersion.ToLookup(v => v.ConsumerId);
        return consumers
            .Select(c =>
            {
                var versions = byConsumer[c.Id].ToList();
                return new AffectedConsumer(
                    c.Id,
                    c.Key,
                    c.DisplayName,
                    c.Tier,
                    versions.OrderBy(v => v.ApiVersionSortKey, StringComparer.Ordinal).Select(v => v.ApiVersion).Distinct().ToList(),
                    versions.Select(v => v.ClientType).Distinct().Order(StringComparer.Ordinal).ToList(),
                    versions.Sum(v => v.Count),
                    DateTimeOffset.FromUnixTimeSeconds(versions.Max(v => v.LastHour) + 3599).UtcDateTime,
                    extensions.TryGetValue(c.Id, out var extended) ? extended : null);
            })
            .OrderByDescending(c => c.Evaluations)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
    }
}
