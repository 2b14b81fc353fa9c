using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>The consumers list and consumer detail; traffic numbers cover the recent window (<see cref="LegacyUsage.Recent"/>) and are summed in SQL.</summary>
public sealed class ConsumerQueries(IDbContextFactory<DashboardDbContext> dbFactory, LegacyUsage legacyUsage)
{
    public async Task<PagedResult<ConsumerListRow>> GetConsumersAsync(int environmentId, ConsumerListQuery query, CancellationToken cancellationToken = default)
    {
        var window = legacyUsage.Recent();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rollups = LegacyUsage.Within(db.EvaluationRollups.AsNoTracking(), window);
        var legacy = LegacyUsage.OnLegacy(db, rollups);
        var consumers = db.Consumers.AsNoTracking().Where(c => c.EnvironmentId == environmentId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + query.Search.Trim() + "%";
            consumers = consumers.Where(c => EF.Functions.Like(c.Key, pattern) || EF.Functions.Like(c.DisplayName, pattern)
                || (c.Organisation != null && EF.Functions.Like(c.Organisation, pattern)));
        }

        // An anonymous projection first: EF can filter and sort on its members, not on a record's constructor arguments.
        var rows = consumers.Select(c => new
        {
            c.Id,
            c.Key,
            c.DisplayName,
            c.Organisation,
            c.Tier,
            c.Owner,
            c.LastSeenAt,
            Evaluations = rollups.Where(r => r.ConsumerId == c.Id).Sum(r => (long?)r.Count) ?? 0,
            LegacyEvaluations = legacy.Where(r => r.ConsumerId == c.Id).Sum(r => (long?)r.Count) ?? 0,
            VersionProblems = rollups.Where(r => r.ConsumerId == c.Id && r.ApiVersionStatus != VersionStatus.Valid).Sum(r => (long?)r.Count) ?? 0,
            ContactCount = c.Contacts.Count,
        });
        if (query.LegacyOnly)
        {
            rows = rows.Where(r => r.LegacyEvaluations > 0);
        }

        if (query.VersionProblemsOnly)
        {
            rows = rows.Where(r => r.VersionProblems > 0);
        }

        var total = await rows.CountAsync(cancellationToken);
        var sorted = query.Sort switch
        {
            ConsumerSort.Tier => query.Descending ? rows.OrderByDescending(r => r.Tier).ThenBy(r => r.Key) : rows.OrderBy(r => r.Tier).ThenBy(r => r.Key),
            ConsumerSort.LastSeen => query.Descending ? rows.OrderByDescending(r => r.LastSeenAt).ThenBy(r => r.Key) : rows.OrderBy(r => r.LastSeenAt).ThenBy(r => r.Key),
            ConsumerSort.Evaluations => query.Descending ? rows.OrderByDescending(r => r.Evaluations).ThenBy(r => r.Key) : rows.OrderBy(r => r.Evaluations).ThenBy(r => r.Key),
            ConsumerSort.LegacyEvaluations => query.Descending ? rows.OrderByDescending(r => r.LegacyEvaluations).ThenBy(r => r.Key) : rows.OrderBy(r => r.LegacyEvaluations).ThenBy(r => r.Key),
            _ => query.Descending ? rows.OrderByDescending(r => r.Key) : rows.OrderBy(r => r.Key),
        };
        var page = await sorted.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .Select(r => new ConsumerListRow(r.Id, r.Key, r.DisplayName, r.Organisation, r.Tier, r.Owner, r.LastSeenAt, r.Evaluations, r.LegacyEvaluations, r.VersionProblems, r.ContactCount))
            .ToListAsync(cancellationToken);
        return new PagedResult<ConsumerListRow>(page, total);
    }

    public async Task<ConsumerDetail?> GetConsumerAsync(int environmentId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var consumer = await db.Consumers.AsNoTracking()
            .Where(c => c.EnvironmentId == environmentId && c.Key == key)
            .Select(c => new
            {
                c.Id, c.EnvironmentId, c.Key, c.DisplayName, c.Organisation, c.Tier, c.Owner, c.Tags, c.FirstSeenAt, c.LastSeenAt,
                Contacts = c.Contacts.OrderBy(x => x.Email).Select(x => new ContactRow(x.Id, x.Email, x.Name, x.Role, x.IsUnsubscribed)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (consumer is null)
        {
            return null;
        }

        // Counted over the rollups in the window, so the figure matches the caption "last N days" (not the lifetime total).
        var legacyCells = await LegacyUsage.Rows(db, legacyUsage.Recent())
            .Where(r => r.ConsumerId == consumer.Id)
            .GroupBy(r => new { r.FlagId, r.ApiVersion, r.ApiVersionStatus, r.ApiVersionSortKey })
            .Select(g => new { g.Key.FlagId, g.Key.ApiVersion, g.Key.ApiVersionStatus, g.Key.ApiVersionSortKey, Count = g.Sum(r => r.Count), LastHour = g.Max(r => r.HourStart) })
            .Join(db.Flags, s => s.FlagId, f => f.Id, (s, f) => new { s.FlagId, f.Key, f.Name, s.ApiVersion, s.ApiVersionStatus, s.ApiVersionSortKey, s.Count, s.LastHour })
            .ToListAsync(cancellationToken);
        var flags = legacyCells
            .GroupBy(s => (s.FlagId, s.Key, s.Name))
            .OrderBy(g => g.Key.Key, StringComparer.Ordinal)
            .Select(g => new ConsumerLegacyFlagRow(
                g.Key.FlagId,
                g.Key.Key,
                g.Key.Name,
                g.OrderBy(s => s.ApiVersionSortKey, StringComparer.Ordinal)
                    .Select(s => s.ApiVersionStatus == VersionStatus.Missing ? AdoptionQueries.MissingLabel : s.ApiVersion)
                    .Distinct(StringComparer.Ordinal).ToList(),
                g.Sum(s => s.Count),
                DateTimeOffset.FromUnixTimeSeconds(g.Max(s => s.LastHour) + 3599).UtcDateTime))
            .ToList();
        return new ConsumerDetail(consumer.Id, consumer.EnvironmentId, consumer.Key, consumer.DisplayName, consumer.Organisation, consumer.Tier,
            consumer.Owner, consumer.Tags, consumer.FirstSeenAt, consumer.LastSeenAt, consumer.Contacts, flags);
    }
}
