using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Auditing;

public sealed class AuditLogQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<(IReadOnlyList<AuditEntryRow> Rows, int Total)> GetPageAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = ContainsPattern(query.Actor);
            entries = entries.Where(e => EF.Functions.Like(e.Actor, actor, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = ContainsPattern(query.Action);
            entries = entries.Where(e => EF.Functions.Like(e.Action, action, "\\") || (e.Summary != null && EF.Functions.Like(e.Summary, action, "\\")));
        }

        if (query.FromUtc is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.ToUtc is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var ordered = query.OldestFirst ? entries.OrderBy(e => e.At).ThenBy(e => e.Id) : entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var rows = await ordered
            .Skip(Math.Max(0, query.Page) * pageSize)
            .Take(pageSize)
            .Select(e => new AuditEntryRow(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Summary, e.BeforeJson, e.AfterJson))
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    // SQLite's LIKE is case-insensitive for ASCII; the user's text is matched literally.
    private static string ContainsPattern(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
