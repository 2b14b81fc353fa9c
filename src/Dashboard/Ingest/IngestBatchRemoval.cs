using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Options;
using Dashboard.Security;
using Dashboard.Validation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// Finds recent ingest requests and removes a bad one's counts: the request's own tallies, kept in the ingest journal for
/// <c>Ingest:RemovableBatchHours</c>, are subtracted from the hourly rollups and the latest-state totals (never below
/// zero; rows left at zero go) in one transaction with the audit entry that marks the batch removed. The batch record
/// stays, so a replay of its key is still answered as a replay and not counted again. Latest-state fields (last seen,
/// last variation, client version) and discovered flags, variations and consumers are not rewound.
/// </summary>
public sealed class IngestBatchRemoval(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IngestJournal journal,
    AuditLog auditLog,
    CurrentUser currentUser,
    IOptions<IngestOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Audit action that records a removal; its entity id is the batch id, and it is what marks the batch removed.</summary>
    public const string RemovedAction = "ingest.batch.removed";

    public const string EntityType = "IngestBatch";

    public const int MaxResults = 50;

    private const string SubtractSql =
        "UPDATE EvaluationRollups SET Count = max(0, Count - @count) WHERE EnvironmentId = @environment AND FlagId = @flag AND ConsumerId = @consumer " +
        "AND ApiVersion = @apiVersion AND ClientType = @clientType AND ClientVersion = @clientVersion AND VariationIndex = @variation AND HourStart = @hour; " +
        "DELETE FROM EvaluationRollups WHERE Count = 0 AND EnvironmentId = @environment AND FlagId = @flag AND ConsumerId = @consumer " +
        "AND ApiVersion = @apiVersion AND ClientType = @clientType AND ClientVersion = @clientVersion AND VariationIndex = @variation AND HourStart = @hour; " +
        "UPDATE ConsumerFlagStates SET TotalCount = max(0, TotalCount - @count) WHERE EnvironmentId = @environment AND FlagId = @flag " +
        "AND ConsumerId = @consumer AND ApiVersion = @apiVersion AND ClientType = @clientType; " +
        "DELETE FROM ConsumerFlagStates WHERE TotalCount = 0 AND EnvironmentId = @environment AND FlagId = @flag " +
        "AND ConsumerId = @consumer AND ApiVersion = @apiVersion AND ClientType = @clientType;";

    private int WindowHours => options.Value.RemovableBatchHours;

    /// <summary>
    /// Requests received within the removal window, newest first: all of them for an empty search, else those whose
    /// <c>Idempotency-Key</c> header or LaunchDarkly payload id is <paramref name="search"/>.
    /// </summary>
    public async Task<IReadOnlyList<RecentIngestRequest>> SearchAsync(string? search, CancellationToken cancellationToken = default)
    {
        var since = timeProvider.GetUtcNow().UtcDateTime.AddHours(-WindowHours);
        var term = search?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batches = db.IngestBatches.AsNoTracking().Where(b => b.ReceivedAt >= since);
        if (term.Length > 0)
        {
            // Stored scoped: key:{apiKeyId}:{header} or ld:{payload id}; a full stored key matches too.
            var scopedSuffix = ":" + term;
            batches = batches.Where(b => b.IdempotencyKey == term || b.IdempotencyKey.EndsWith(scopedSuffix));
        }

        var rows = await batches
            .OrderByDescending(b => b.ReceivedAt).ThenByDescending(b => b.Id)
            .Take(MaxResults)
            .Select(b => new
            {
                b.Id, b.IdempotencyKey, b.Origin, b.ReceivedAt, b.EventCount, b.JournalId,
                Environment = db.Environments.Where(e => e.Id == b.EnvironmentId).Select(e => e.Name).FirstOrDefault(),
                KeyName = db.ApiKeys.Where(k => k.Id == b.ApiKeyId).Select(k => k.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var removals = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == RemovedAction && a.EntityType == EntityType && ids.Contains(a.EntityId!))
                .Select(a => new { a.EntityId, a.At, a.Actor })
                .ToListAsync(cancellationToken))
            .ToDictionary(a => a.EntityId!);

        var result = new List<RecentIngestRequest>(rows.Count);
        foreach (var row in rows)
        {
            var kept = row.JournalId is { } journalId ? await journal.ReadAsync(journalId, cancellationToken) : null;
            removals.TryGetValue(row.Id.ToString(CultureInfo.InvariantCulture), out var removal);
            result.Add(new RecentIngestRequest(
                row.Id,
                row.IdempotencyKey,
                row.Origin,
                row.Environment ?? "",
                row.KeyName ?? (row.Origin == "launchdarkly" ? "LaunchDarkly SDK key" : "(deleted key)"),
                row.ReceivedAt,
                row.EventCount,
                kept?.Rollups.Values.Sum(t => t.Count),
                removal?.At,
                removal?.Actor));
        }

        return result;
    }

    /// <summary>
    /// Subtracts the request's counts for the signed-in user (Admin only). Returns the evaluations subtracted, or the
    /// errors when nothing changed: <c>role</c> when not an admin; <c>batch</c> for an unknown batch, one older than the
    /// window, tallies no longer kept, or counts already removed.
    /// </summary>
    public async Task<(long Removed, FieldErrors Errors)> RemoveAsync(long batchId, CancellationToken cancellationToken = default)
    {
        if (!await currentUser.IsAllowedAsync(DashboardPolicies.Administer))
        {
            return (0, FieldErrors.Of("role", "Only an Admin can remove an ingest request's counts."));
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.IngestBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return Refused("No counted ingest request has this id; a request shows here once it is folded into the rollups.");
        }

        if (batch.ReceivedAt < now.AddHours(-WindowHours))
        {
            return Refused(string.Create(
                CultureInfo.InvariantCulture,
                $"This request was received more than {WindowHours} hours ago (Ingest:RemovableBatchHours); its own counts are no longer kept, so they cannot be removed."));
        }

        var kept = batch.JournalId is { } journalId ? await journal.ReadAsync(journalId, cancellationToken) : null;
        if (kept is null)
        {
            return Refused("The ingest journal no longer keeps this request's counts (the journal file was replaced), so they cannot be removed.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entityId = batchId.ToString(CultureInfo.InvariantCulture);
        if (await db.AuditEntries.AsNoTracking().Where(a => a.Action == RemovedAction && a.EntityType == EntityType && a.EntityId == entityId)
                .Select(a => new { a.At, a.Actor }).FirstOrDefaultAsync(cancellationToken) is { } earlier)
        {
            return Refused(string.Create(CultureInfo.InvariantCulture, $"This request's counts were already removed by {earlier.Actor}."));
        }

        var removed = await SubtractAsync(db, kept, cancellationToken);
        auditLog.Record(
            db,
            await currentUser.GetNameAsync(),
            RemovedAction,
            EntityType,
            entityId,
            string.Create(CultureInfo.InvariantCulture, $"Removed the counts of ingest request {batch.IdempotencyKey}: {batch.EventCount:N0} events, {removed:N0} evaluations"),
            before: new { batch.IdempotencyKey, batch.Origin, batch.ApiKeyId, batch.ReceivedAt, batch.EventCount, evaluations = removed });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (removed, FieldErrors.None);
    }

    private static (long, FieldErrors) Refused(string message) => (0, FieldErrors.Of("batch", message));

    /// <summary>Subtracts each kept tally from the row it was folded into, resolving flag, consumer and variation as the fold did.</summary>
    private static async Task<long> SubtractAsync(DashboardDbContext db, JournaledBatch batch, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var flagKeys = batch.Rollups.Keys.Select(k => k.FlagKey).Distinct().ToList();
        var consumerKeys = batch.Rollups.Keys.Select(k => k.ConsumerKey).Distinct().ToList();
        var flags = await db.Flags.AsNoTracking().Where(f => f.EnvironmentId == batch.EnvironmentId && flagKeys.Contains(f.Key))
            .Select(f => new { f.Id, f.Key, Variations = f.Variations.Select(v => new { v.Index, v.ValueJson }).ToList() })
            .ToDictionaryAsync(f => f.Key, cancellationToken);
        var consumers = await db.Consumers.AsNoTracking().Where(c => c.EnvironmentId == batch.EnvironmentId && consumerKeys.Contains(c.Key))
            .ToDictionaryAsync(c => c.Key, c => c.Id, cancellationToken);

        await using var subtract = connection.CreateCommand();
        subtract.Transaction = transaction;
        subtract.CommandText = SubtractSql;
        foreach (var name in new[] { "@count", "@environment", "@flag", "@consumer", "@apiVersion", "@clientType", "@clientVersion", "@variation", "@hour" })
        {
            subtract.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        long removed = 0;
        foreach (var (key, tally) in batch.Rollups)
        {
            // A flag or consumer deleted since took its rows along: nothing left to subtract.
            if (!flags.TryGetValue(key.FlagKey, out var flag) || !consumers.TryGetValue(key.ConsumerKey, out var consumerId))
            {
                continue;
            }

            var variation = key.VariationIndex == RollupKey.UnresolvedVariation
                ? IngestStore.IndexOfValue(flag.Variations.ToDictionary(v => v.Index, v => (JsonNode?)KnownVariation.ParseValue(v.ValueJson)), key.ValueJson)
                : key.VariationIndex;
            var parameters = subtract.Parameters;
            parameters[0].Value = tally.Count;
            parameters[1].Value = batch.EnvironmentId;
            parameters[2].Value = flag.Id;
            parameters[3].Value = consumerId;
            parameters[4].Value = key.ApiVersion;
            parameters[5].Value = key.ClientType;
            parameters[6].Value = key.ClientVersion;
            parameters[7].Value = variation;
            parameters[8].Value = key.HourStart;
            await subtract.ExecuteNonQueryAsync(cancellationToken);
            removed += tally.Count;
        }

        return removed;
    }
}
