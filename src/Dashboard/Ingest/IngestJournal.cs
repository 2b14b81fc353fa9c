using System.Globalization;
using System.Runtime.CompilerServices;
using Dashboard.Data;
using Dashboard.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Ingest;

/// <summary>
/// The ingest journal: a SQLite file beside the dashboard database (<c>sundial.db</c> → <c>sundial.ingest-journal.db</c>)
/// where the writer commits every accepted request — its idempotency key and pre-aggregated tallies, one row per
/// request — before the request is answered. <see cref="IngestFolder"/> then writes them into the rollups, together with
/// the <c>IngestBatches</c> rows whose highest <c>JournalId</c> says how far the journal is folded. The journal has its
/// own file, hence its own write lock: answering requests never waits for a fold, nor a fold for requests.
/// Folded rows stay for <c>Ingest:RemovableBatchHours</c> after they were received, so a bad request's own tallies can be
/// subtracted again (<see cref="IngestBatchRemoval"/>); the folder trims them after that.
/// </summary>
public sealed class IngestJournal(DatabaseLocation location, IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider) : IDisposable
{
    private const string Schema =
        "PRAGMA journal_mode=WAL; " +
        "CREATE TABLE IF NOT EXISTS PendingBatches (" +
        "Id INTEGER PRIMARY KEY AUTOINCREMENT, EnvironmentId INTEGER NOT NULL, IdempotencyKey TEXT NOT NULL, PayloadHash TEXT NOT NULL, " +
        "Origin TEXT NOT NULL, ApiKeyId INTEGER, ReceivedAtTicks INTEGER NOT NULL, EventCount INTEGER NOT NULL, Tallies BLOB NOT NULL, " +
        "UNIQUE (EnvironmentId, IdempotencyKey));";

    // Journal ids continue after the highest folded one, even when the journal file was deleted, so an id is never reused.
    private const string ContinueIds =
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'PendingBatches', @folded WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'PendingBatches'); " +
        "UPDATE sqlite_sequence SET seq = @folded WHERE name = 'PendingBatches' AND seq < @folded;";

    private const string FindPendingSql = "SELECT PayloadHash, EventCount FROM PendingBatches WHERE EnvironmentId = @environment AND IdempotencyKey = @key";

    private const string FindCountedSql = "SELECT PayloadHash, EventCount FROM IngestBatches WHERE EnvironmentId = @environment AND IdempotencyKey = @key";

    private readonly SemaphoreSlim creation = new(1, 1);
    private bool created;

    // The writer's connections and statements; used only by AppendAsync, which the single writer never calls concurrently.
    private WriterSession? session;
    private IngestFailure? failure;
    private IngestFailure? lastFailure;

    public string FilePath { get; } = Path.Combine(
        Path.GetDirectoryName(location.FilePath) ?? "",
        Path.GetFileNameWithoutExtension(location.FilePath) + ".ingest-journal.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();

    /// <summary>Since when journaling fails and why (disk full, file locked or unwritable); null while it succeeds.</summary>
    public IngestFailure? Failure => Volatile.Read(ref failure);

    /// <summary>
    /// The last journaling failure, kept after later requests succeed: with a nearly full disk small batches succeed
    /// while large ones fail, so "failing right now" alone would keep returning to healthy.
    /// </summary>
    public IngestFailure? LastFailure => Volatile.Read(ref lastFailure);

    /// <summary>Settings of the writer's journal connection, applied when it opens; tests add limits here (e.g. <c>max_page_count</c> for a full disk).</summary>
    internal string WriterPragmas { get; set; } = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    /// <summary>
    /// Journals the requests that are new (idempotency keys seen neither in the journal nor among counted batches) in one
    /// transaction and returns each request's outcome, with its journaled form when it was journaled.
    /// </summary>
    public async Task<(IngestOutcome Outcome, JournaledBatch? Batch)[]> AppendAsync(IReadOnlyList<IngestWork> works, CancellationToken cancellationToken)
    {
        try
        {
            session ??= await OpenSessionAsync(cancellationToken);
            var results = await session.AppendAsync(works, cancellationToken);
            Volatile.Write(ref failure, null);
            return results;
        }
        catch (Exception exception)
        {
            session?.Dispose();
            session = null;
            var current = IngestFailure.After(failure, exception, timeProvider);
            Volatile.Write(ref failure, current);
            Volatile.Write(ref lastFailure, current);
            throw;
        }
    }

    /// <summary>
    /// The body hash and event count of the request answered before with this key, if any. The journal first, then the
    /// counted batches: a fold records a batch in the dashboard database before it leaves the journal, so a key is always
    /// found in one of the two.
    /// </summary>
    public async Task<(string PayloadHash, int EventCount)?> FindAnsweredAsync(int environmentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var find = Lookup(connection, FindPendingSql);
            if (await FindAsync(find, environmentId, idempotencyKey, cancellationToken) is { } pending)
            {
                return pending;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counted = await db.IngestBatches.AsNoTracking()
            .Where(b => b.EnvironmentId == environmentId && b.IdempotencyKey == idempotencyKey)
            .Select(b => new { b.PayloadHash, b.EventCount })
            .SingleOrDefaultAsync(cancellationToken);
        return counted is null ? null : (counted.PayloadHash, counted.EventCount);
    }

    /// <summary>How far the journal is folded: the highest journal id among the batches recorded in the dashboard database.</summary>
    public async Task<long> ReadFoldedThroughAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IngestBatches.MaxAsync(b => b.JournalId, cancellationToken) ?? 0;
    }

    /// <summary>
    /// Removes the rows up to <paramref name="journalId"/> (folded: their batch records are in the dashboard database)
    /// that were received before <paramref name="keptSince"/>; later ones stay removable for the window.
    /// </summary>
    public async Task DeleteThroughAsync(long journalId, DateTime keptSince, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM PendingBatches WHERE Id <= @through AND ReceivedAtTicks < @keptSince";
        delete.Parameters.AddWithValue("@through", journalId);
        delete.Parameters.AddWithValue("@keptSince", keptSince.Ticks);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One journaled request with its tallies, or null when the journal no longer holds it.</summary>
    public async Task<JournaledBatch?> ReadAsync(long journalId, CancellationToken cancellationToken)
    {
        await foreach (var batch in ReadRowsAsync("Id = @id", journalId, cancellationToken))
        {
            return batch;
        }

        return null;
    }

    /// <summary>The journaled requests after <paramref name="journalId"/>, in order: what was answered but not yet folded when the app stopped.</summary>
    public IAsyncEnumerable<JournaledBatch> ReadAfterAsync(long journalId, CancellationToken cancellationToken) =>
        ReadRowsAsync("Id > @id", journalId, cancellationToken);

    private async IAsyncEnumerable<JournaledBatch> ReadRowsAsync(string condition, long journalId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandText =
            "SELECT Id, EnvironmentId, IdempotencyKey, PayloadHash, Origin, ApiKeyId, ReceivedAtTicks, EventCount, Tallies " +
            "FROM PendingBatches WHERE " + condition + " ORDER BY Id";
        read.Parameters.AddWithValue("@id", journalId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (rollups, variationValues) = JournalPayload.Decode((byte[])reader.GetValue(8));
            yield return new JournaledBatch(
                reader.GetInt64(0),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetInt32(5),
                new DateTime(reader.GetInt64(6), DateTimeKind.Utc),
                reader.GetInt32(7),
                rollups,
                variationValues);
        }
    }

    /// <summary>Creates the journal file if needed; the first id it hands out follows the highest folded one.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref created))
        {
            return;
        }

        await creation.WaitAsync(cancellationToken);
        try
        {
            if (created)
            {
                return;
            }

            var folded = await ReadFoldedThroughAsync(cancellationToken);
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = Schema + ContinueIds;
            command.Parameters.AddWithValue("@folded", folded);
            await command.ExecuteNonQueryAsync(cancellationToken);
            Volatile.Write(ref created, true);
        }
        finally
        {
            creation.Release();
        }
    }

    public void Dispose()
    {
        session?.Dispose();
        session = null;
        creation.Dispose();
    }

    private async Task<WriterSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        // Same durability as the dashboard database: WAL with synchronous=NORMAL survives a killed process.
        var journal = await DedicatedConnection.OpenAsync(ConnectionString, WriterPragmas, cancellationToken);
        try
        {
            // Only reads counted batches.
            return new WriterSession(journal, await DedicatedConnection.OpenDashboardAsync(dbFactory, "", cancellationToken));
        }
        catch
        {
            await journal.DisposeAsync();
            throw;
        }
    }

    private sealed class WriterSession : IDisposable
    {
        private readonly SqliteConnection journal;
        private readonly SqliteConnection dashboard;
        private readonly SqliteCommand findPending;
        private readonly SqliteCommand findCounted;
        private readonly SqliteCommand insert;
        private readonly MemoryStream payloadBuffer = new();

        public WriterSession(SqliteConnection journal, SqliteConnection dashboard)
        {
            this.journal = journal;
            this.dashboard = dashboard;
            findPending = Lookup(journal, FindPendingSql);
            findCounted = Lookup(dashboard, FindCountedSql);
            insert = journal.CreateCommand();
            insert.CommandText =
                "INSERT INTO PendingBatches (EnvironmentId, IdempotencyKey, PayloadHash, Origin, ApiKeyId, ReceivedAtTicks, EventCount, Tallies) " +
                "VALUES (@environment, @key, @hash, @origin, @apiKey, @receivedAt, @events, @tallies) RETURNING Id";
            foreach (var name in new[] { "@environment", "@key", "@hash", "@origin", "@apiKey", "@receivedAt", "@events", "@tallies" })
            {
                insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public async Task<(IngestOutcome, JournaledBatch?)[]> AppendAsync(IReadOnlyList<IngestWork> works, CancellationToken cancellationToken)
        {
            var results = new (IngestOutcome, JournaledBatch?)[works.Count];
            var inGroup = new Dictionary<(int, string), IngestWork>();
            // IMMEDIATE: take the journal's write lock up front, so no other writer slips in between check and insert.
            await using var transaction = journal.BeginTransaction(deferred: false);
            findPending.Transaction = transaction;
            insert.Transaction = transaction;
            for (var i = 0; i < works.Count; i++)
            {
                var work = works[i];
                if (inGroup.TryGetValue((work.Environment.Id, work.IdempotencyKey), out var earlier))
                {
                    results[i] = (IngestOutcome.ForRepeat(work.PayloadHash, earlier.PayloadHash, earlier.EventCount), null);
                    continue;
                }

                // Same order as FindAnsweredAsync, with statements prepared once for the writer.
                var (environmentId, key) = (work.Environment.Id, work.IdempotencyKey);
                if ((await FindAsync(findPending, environmentId, key, cancellationToken) ?? await FindAsync(findCounted, environmentId, key, cancellationToken))
                    is { } answered)
                {
                    results[i] = (IngestOutcome.ForRepeat(work.PayloadHash, answered.PayloadHash, answered.EventCount), null);
                    continue;
                }

                inGroup.Add((work.Environment.Id, work.IdempotencyKey), work);
                var parameters = insert.Parameters;
                parameters[0].Value = work.Environment.Id;
                parameters[1].Value = work.IdempotencyKey;
                parameters[2].Value = work.PayloadHash;
                parameters[3].Value = work.Origin;
                parameters[4].Value = (object?)work.ApiKeyId ?? DBNull.Value;
                parameters[5].Value = work.ReceivedAt.Ticks;
                parameters[6].Value = work.EventCount;
                parameters[7].Value = JournalPayload.Encode(work.Rollups, work.VariationValues, payloadBuffer);
                var journalId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                results[i] = (
                    new IngestOutcome(IngestOutcomeKind.Committed, work.EventCount),
                    new JournaledBatch(
                        journalId, work.Environment.Id, work.IdempotencyKey, work.PayloadHash, work.Origin, work.ApiKeyId, work.ReceivedAt,
                        work.EventCount, work.Rollups, work.VariationValues));
            }

            await transaction.CommitAsync(cancellationToken);
            return results;
        }

        public void Dispose()
        {
            findPending.Dispose();
            findCounted.Dispose();
            insert.Dispose();
            payloadBuffer.Dispose();
            journal.Dispose();
            dashboard.Dispose();
        }

    }

    private static SqliteCommand Lookup(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter { ParameterName = "@environment" });
        command.Parameters.Add(new SqliteParameter { ParameterName = "@key" });
        return command;
    }

    private static async Task<(string PayloadHash, int EventCount)?> FindAsync(
        SqliteCommand lookup, int environmentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        lookup.Parameters[0].Value = environmentId;
        lookup.Parameters[1].Value = idempotencyKey;
        await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetInt32(1)) : null;
    }
}
