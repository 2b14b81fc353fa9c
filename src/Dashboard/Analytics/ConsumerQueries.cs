using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>The consumers list and consumer detail; traffic numbers cover the last 7 days and are summed in SQL.</summary>
public sealed class ConsumerQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider)
{
    public const int WindowDays = 7;

    public async Task<PagedResult<ConsumerListRow>> GetConsumersAsync(int environmentId, ConsumerListQuery query, CancellationToken cancellationToken = default)
    {
        var from = WindowStart();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rollups = db.EvaluationRollups.AsNoTracking();
        var legacyVariations = db.FlagVariations.Where(v => v.IsLegacy);
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
            Evaluations = rollups.Where(r => r.ConsumerId == c.Id && r.HourStart >= from).Sum(r => (long?)r.Count) ?? 0,
            LegacyEvaluations = rollups.Where(r => r.ConsumerId == c.Id && r.HourStart >= from && legacyVariations.Any(v => v.FlagId == r.FlagId && v.Index == r.VariationIndex))
                .Sum(r => (long?)r.Count) ?? 0,
            VersionProblems = rollups.Where(r => r.ConsumerId == c.Id && r.HourStart >= from && r.ApiVersionStatus != VersionStatus.Valid).Sum(r => (long?)r.Count) ?? 0,
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
        var since = timeProvider.GetUtcNow().UtcDateTime.AddDays(-WindowDays);
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

        var legacyStates = await db.ConsumerFlagStates.AsNoTracking()
            .Where(s => s.ConsumerId == consumer.Id && s.LastSeenAt >= since
                && db.FlagVariations.Any(v => v.FlagId == s.FlagId && v.Index == s.VariationIndex && v.IsLegacy))
            .Join(db.Flags, s => s.FlagId, f => f.Id, (s, f) => new { s.FlagId, f.Key, f.Name, s.ApiVersion, s.ApiVersionStatus, s.ApiVersionSortKey, s.TotalCount, s.LastSeenAt })
            .ToListAsync(cancellationToken);
        var flags = legacyStates
            .GroupBy(s => (s.FlagId, s.Key, s.Name))
            .OrderBy(g => g.Key.Key, StringComparer.Ordinal)
            .Select(g => new ConsumerLegacyFlagRow(
                g.Key.FlagId,
                g.Key.Key,
                g.Key.Name,
                g.OrderBy(s => s.ApiVersionSortKey, StringComparer.Ordinal)
                    .Select(s => s.ApiVersionStatus == VersionStatus.Missing ? AdoptionQueries.MissingLabel : s.ApiVersion)
                    .Distinct(StringComparer.Ordinal).ToList(),
                g.Sum(s => s.TotalCount),
                g.Max(s => s.LastSeenAt)))
            .ToList();
        return new ConsumerDetail(consumer.Id, consumer.EnvironmentId, consumer.Key, consumer.DisplayName, consumer.Organisation, consumer.Tier,
            consumer.Owner, consumer.Tags, consumer.FirstSeenAt, consumer.LastSeenAt, consumer.Contacts, flags);
    }

    private long WindowStart() => timeProvider.GetUtcNow().ToUnixTimeSeconds() - (WindowDays * LocalDays.SecondsPerDay);
}
