using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Versions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Ingest;

/// <summary>
/// Writes an <see cref="IngestFold"/> in one transaction: discovered flags and variations, consumers, hourly rollups
/// and latest state (upserted on their unique indexes) and the <see cref="IngestBatch"/> rows, so counts and the record
/// that they were counted commit together.
/// </summary>
public sealed class IngestStore(IDbContextFactory<DashboardDbContext> dbFactory, FlagCatalog flagCatalog, TimeProvider timeProvider) : IDisposable
{
    /// <summary>Key of the consumer that evaluations without a known context are attributed to.</summary>
    public const string UnattributedConsumerKey = "unattributed";

    private const string UnattributedDisplayName = "Unattributed (no context)";

    private const string RollupUpsertHead =
        "INSERT INTO EvaluationRollups (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, " +
        "ClientVersion, ClientVersionStatus, ClientVersionSortKey, VariationIndex, HourStart, Count)";

    private const string RollupUpsertTail =
        "ON CONFLICT (EnvironmentId, FlagId, ConsumerId, ApiVersion, ClientType, ClientVersion, VariationIndex, HourStart) " +
        "DO UPDATE SET Count = Count + excluded.Count";

    private const string StateUpsertHead =
        "INSERT INTO ConsumerFlagStates (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, " +
        "ClientVersion, VariationIndex, FirstSeenAt, LastSeenAt, TotalCount)";

    // The newest evaluation decides the variation and client version; SET expressions all read the row as it was.
    private const string StateUpsertTail =
        "ON CONFLICT (EnvironmentId, FlagId, ConsumerId, ApiVersion, ClientType) DO UPDATE SET " +
        "VariationIndex = CASE WHEN excluded.LastSeenAt >= LastSeenAt THEN excluded.VariationIndex ELSE VariationIndex END, " +
        "ClientVersion = CASE WHEN excluded.LastSeenAt >= LastSeenAt THEN excluded.ClientVersion ELSE ClientVersion END, " +
        "FirstSeenAt = min(FirstSeenAt, excluded.FirstSeenAt), LastSeenAt = max(LastSeenAt, excluded.LastSeenAt), " +
        "TotalCount = TotalCount + excluded.TotalCount";

    /// <summary>Consumers seen lately, so a commit does not write every consumer row again; "last seen" is kept to the minute.</summary>
    private const int MaxCachedConsumers = 200_000;

    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The folder's own connection settings. A 32 MB page cache keeps the hot rollup and state index pages in memory
    /// between folds (the default 2 MB made every commit read its pages back from the OS; 64 MB folded no faster in the
    /// load driver but pushed the app past 400 MB). <c>synchronous=FULL</c> (folds are a few per second at most): a fold
    /// must be on disk before the journal rows it counted are trimmed, even across a power cut.
    /// </summary>
    private const string WriterPragmas =
        "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;";

    // The folder's long-lived connection and prepared statements; opened on the first fold, dropped after a failure.
    private WriterSession? session;

    // Owned by the folder (FoldAsync is never called concurrently); updated only after a fold commits.
    private readonly Dictionary<(int EnvironmentId, string ConsumerKey), (int Id, DateTime First, DateTime Last)> knownConsumers = [];

    // Reused by every fold (folds never overlap): a fresh table of ~100,000 states per fold would churn the large object heap.
    private readonly Dictionary<StateKey, StateTally> foldStates = [];

    private readonly record struct StateKey(int EnvironmentId, int FlagId, int ConsumerId, string ApiVersion, string ClientType);

    private sealed class StateTally(RecordedVersion apiVersion, string clientVersion, int variationIndex, DateTime firstAt, DateTime lastAt)
    {
        public RecordedVersion ApiVersion { get; } = apiVersion;

        public string ClientVersion { get; set; } = clientVersion;

        public int VariationIndex { get; set; } = variationIndex;

        public DateTime FirstAt { get; set; } = firstAt;

        public DateTime LastAt { get; set; } = lastAt;

        public long Count { get; set; }
    }

    private sealed class WriterSession : IDisposable
    {
        public WriterSession(SqliteConnection connection)
        {
            Connection = connection;
            Rollups = new MultiRowUpsert(connection, RollupUpsertHead, 13, RollupUpsertTail);
            States = new MultiRowUpsert(connection, StateUpsertHead, 12, StateUpsertTail);
            Batches = new MultiRowUpsert(
                connection, "INSERT INTO IngestBatches (EnvironmentId, IdempotencyKey, PayloadHash, Origin, ApiKeyId, ReceivedAt, EventCount, JournalId)", 8, "");
        }

        public SqliteConnection Connection { get; }

        public MultiRowUpsert Rollups { get; }

        public MultiRowUpsert States { get; }

        public MultiRowUpsert Batches { get; }

        public void Dispose()
        {
            Rollups.Dispose();
            States.Dispose();
            Batches.Dispose();
            Connection.Dispose();
        }
    }

    private sealed class FlagVariations(int flagId, Dictionary<int, JsonNode?> byIndex)
    {
        public int FlagId { get; } = flagId;

        public Dictionary<int, JsonNode?> ByIndex { get; } = byIndex;

        public bool Changed { get; set; }
    }

    /// <summary>Writes <paramref name="fold"/>; when this returns, its counts are visible and its batches recorded.</summary>
    public async Task FoldAsync(IngestFold fold, CancellationToken cancellationToken)
    {
        try
        {
            await FoldCoreAsync(fold, cancellationToken);
        }
        catch
        {
            // A consumer cached from a rolled-back or deleted row would break the next commit; start afresh, also with a
            // new connection in case the old one is what failed.
            knownConsumers.Clear();
            session?.Dispose();
            session = null;
            throw;
        }
    }

    public void Dispose()
    {
        session?.Dispose();
        session = null;
    }

    // The folder's for the life of the app; its large cache should not be handed on through a pool.
    private async Task<WriterSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        new(await DedicatedConnection.OpenDashboardAsync(dbFactory, WriterPragmas, cancellationToken));

    private async Task FoldCoreAsync(IngestFold fold, CancellationToken cancellationToken)
    {
        session ??= await OpenSessionAsync(cancellationToken);
        var connection = session.Connection;
        // IMMEDIATE: take the write lock up front instead of failing to upgrade a read lock later.
        await using var transaction = connection.BeginTransaction(deferred: false);
        session.Rollups.Begin(transaction);
        session.States.Begin(transaction);
        session.Batches.Begin(transaction);

        var flags = await ResolveFlagsAsync(connection, transaction, fold, cancellationToken);
        var (consumers, consumerUpdates) = await UpsertConsumersAsync(connection, transaction, fold.Rollups, cancellationToken);
        var states = await UpsertRollupsAsync(session.Rollups, fold.Rollups, flags, consumers, cancellationToken);
        await UpsertStatesAsync(session.States, states, cancellationToken);
        await InsertBatchesAsync(session.Batches, fold.Batches, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        foldStates.Clear();
        if (knownConsumers.Count + consumerUpdates.Count > MaxCachedConsumers)
        {
            knownConsumers.Clear();
        }

        foreach (var (consumer, known) in consumerUpdates)
        {
            knownConsumers[consumer] = known;
        }

        foreach (var ((environmentId, flagKey), variations) in flags)
        {
            if (variations.Changed)
            {
                flagCatalog.Invalidate(environmentId, flagKey);
            }
        }
    }

    /// <summary>Creates flags and variations first seen in events; returns each flag's id and variations.</summary>
    private async Task<Dictionary<(int EnvironmentId, string FlagKey), FlagVariations>> ResolveFlagsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IngestFold fold, CancellationToken cancellationToken)
    {
        var keys = fold.Rollups.Keys;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var flags = new Dictionary<(int, string), FlagVariations>();
        await using var insertFlag = connection.CreateCommand();
        insertFlag.Transaction = transaction;
        insertFlag.CommandText =
            "INSERT INTO Flags (EnvironmentId, Key, Name, Tags, IsArchived, Source, CreatedAt) " +
            "VALUES (@environment, @key, @key, '[]', 0, @source, @now) ON CONFLICT (EnvironmentId, Key) DO NOTHING; " +
            "SELECT Id FROM Flags WHERE EnvironmentId = @environment AND Key = @key;";
        var flagEnvironment = insertFlag.Parameters.Add("@environment", SqliteType.Integer);
        var flagKey = insertFlag.Parameters.Add("@key", SqliteType.Text);
        insertFlag.Parameters.AddWithValue("@source", nameof(FlagSource.Discovered));
        insertFlag.Parameters.AddWithValue("@now", now);

        await using var readVariations = connection.CreateCommand();
        readVariations.Transaction = transaction;
        readVariations.CommandText = "SELECT \"Index\", ValueJson FROM FlagVariations WHERE FlagId = @flag";
        var variationsFlag = readVariations.Parameters.Add("@flag", SqliteType.Integer);

        foreach (var (environmentId, key) in keys.Select(k => (k.EnvironmentId, k.Rollup.FlagKey)).Distinct())
        {
            flagEnvironment.Value = environmentId;
            flagKey.Value = key;
            var flagId = Convert.ToInt32(await insertFlag.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            variationsFlag.Value = flagId;
            var byIndex = new Dictionary<int, JsonNode?>();
            await using (var reader = await readVariations.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    byIndex[reader.GetInt32(0)] = KnownVariation.ParseValue(reader.GetString(1));
                }
            }

            flags.Add((environmentId, key), new FlagVariations(flagId, byIndex) { Changed = byIndex.Count == 0 });
        }

        await AddSeenVariationsAsync(connection, transaction, flags, keys, fold.VariationValues, cancellationToken);
        return flags;
    }

    private static async Task AddSeenVariationsAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        Dictionary<(int EnvironmentId, string FlagKey), FlagVariations> flags,
        IEnumerable<FoldKey> keys,
        Dictionary<(int EnvironmentId, string FlagKey, int Index), string> valuesSeen,
        CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO FlagVariations (FlagId, \"Index\", ValueJson, IsLegacy) VALUES (@flag, @index, @value, 0)";
        var flagParameter = insert.Parameters.Add("@flag", SqliteType.Integer);
        var indexParameter = insert.Parameters.Add("@index", SqliteType.Integer);
        var valueParameter = insert.Parameters.Add("@value", SqliteType.Text);

        async Task AddAsync(FlagVariations flag, int index, string valueJson)
        {
            flagParameter.Value = flag.FlagId;
            indexParameter.Value = index;
            valueParameter.Value = valueJson;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            flag.ByIndex[index] = KnownVariation.ParseValue(valueJson);
            flag.Changed = true;
        }

        foreach (var key in keys)
        {
            var flag = flags[(key.EnvironmentId, key.Rollup.FlagKey)];
            var index = key.Rollup.VariationIndex;
            if (index >= 0 && !flag.ByIndex.ContainsKey(index))
            {
                await AddAsync(flag, index, valuesSeen.GetValueOrDefault((key.EnvironmentId, key.Rollup.FlagKey, index), "null"));
            }
            else if (index == RollupKey.UnresolvedVariation && key.Rollup.ValueJson is { } valueJson)
            {
                var value = KnownVariation.ParseValue(valueJson);
                if (!flag.ByIndex.Any(v => JsonNode.DeepEquals(v.Value, value)))
                {
                    await AddAsync(flag, flag.ByIndex.Count == 0 ? 0 : flag.ByIndex.Keys.Max() + 1, valueJson);
                }
            }
        }
    }

    private async Task<(Dictionary<(int EnvironmentId, string ConsumerKey), int> Ids, List<((int, string) Consumer, (int Id, DateTime First, DateTime Last) Known)> Updates)> UpsertConsumersAsync(
        SqliteConnection connection, SqliteTransaction transaction, Dictionary<FoldKey, RollupTally> merged, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<(int EnvironmentId, string ConsumerKey), (DateTime First, DateTime Last)>();
        foreach (var (key, tally) in merged)
        {
            var consumer = (key.EnvironmentId, key.Rollup.ConsumerKey);
            seen[consumer] = seen.TryGetValue(consumer, out var span)
                ? (Min(span.First, tally.FirstAt), Max(span.Last, tally.LastAt))
                : (tally.FirstAt, tally.LastAt);
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText =
            "INSERT INTO Consumers (EnvironmentId, Key, DisplayName, Tags, FirstSeenAt, LastSeenAt) VALUES (@environment, @key, @name, '[]', @first, @last) " +
            "ON CONFLICT (EnvironmentId, Key) DO UPDATE SET " +
            "FirstSeenAt = CASE WHEN FirstSeenAt IS NULL OR excluded.FirstSeenAt < FirstSeenAt THEN excluded.FirstSeenAt ELSE FirstSeenAt END, " +
            "LastSeenAt = CASE WHEN LastSeenAt IS NULL OR excluded.LastSeenAt > LastSeenAt THEN excluded.LastSeenAt ELSE LastSeenAt END " +
            "RETURNING Id";
        var environment = upsert.Parameters.Add("@environment", SqliteType.Integer);
        var keyParameter = upsert.Parameters.Add("@key", SqliteType.Text);
        var name = upsert.Parameters.Add("@name", SqliteType.Text);
        var first = upsert.Parameters.Add("@first", SqliteType.Text);
        var last = upsert.Parameters.Add("@last", SqliteType.Text);
        var ids = new Dictionary<(int, string), int>(seen.Count);
        var updates = new List<((int, string), (int, DateTime, DateTime))>();
        foreach (var ((environmentId, consumerKey), (firstAt, lastAt)) in seen)
        {
            if (knownConsumers.TryGetValue((environmentId, consumerKey), out var known) && firstAt >= known.First && lastAt <= known.Last + LastSeenResolution)
            {
                ids[(environmentId, consumerKey)] = known.Id;
                continue;
            }

            environment.Value = environmentId;
            keyParameter.Value = consumerKey;
            name.Value = consumerKey == UnattributedConsumerKey ? UnattributedDisplayName : consumerKey;
            first.Value = firstAt;
            last.Value = lastAt;
            var id = Convert.ToInt32(await upsert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            ids[(environmentId, consumerKey)] = id;
            updates.Add(((environmentId, consumerKey), known.Id == id ? (id, Min(known.First, firstAt), Max(known.Last, lastAt)) : (id, firstAt, lastAt)));
        }

        return (ids, updates);
    }

    private async Task<Dictionary<StateKey, StateTally>> UpsertRollupsAsync(
        MultiRowUpsert upsert,
        Dictionary<FoldKey, RollupTally> merged,
        Dictionary<(int EnvironmentId, string FlagKey), FlagVariations> flags,
        Dictionary<(int EnvironmentId, string ConsumerKey), int> consumers,
        CancellationToken cancellationToken)
    {
        var states = foldStates;
        states.Clear();
        foreach (var (key, tally) in merged)
        {
            var rollup = key.Rollup;
            var flag = flags[(key.EnvironmentId, rollup.FlagKey)];
            var consumerId = consumers[(key.EnvironmentId, rollup.ConsumerKey)];
            var variationIndex = rollup.VariationIndex == RollupKey.UnresolvedVariation ? IndexOfValue(flag.ByIndex, rollup.ValueJson) : rollup.VariationIndex;
            await upsert.AddAsync(
                [
                    key.EnvironmentId, flag.FlagId, consumerId, rollup.ApiVersion, (int)tally.ApiVersion.Status, tally.ApiVersion.SortKey,
                    rollup.ClientType, rollup.ClientVersion, (int)tally.ClientVersion.Status, tally.ClientVersion.SortKey,
                    variationIndex, rollup.HourStart, tally.Count,
                ],
                cancellationToken);

            var stateKey = new StateKey(key.EnvironmentId, flag.FlagId, consumerId, rollup.ApiVersion, rollup.ClientType);
            if (!states.TryGetValue(stateKey, out var state))
            {
                state = new StateTally(tally.ApiVersion, rollup.ClientVersion, variationIndex, tally.FirstAt, tally.LastAt);
                states.Add(stateKey, state);
            }
            else
            {
                if (tally.LastAt >= state.LastAt)
                {
                    state.VariationIndex = variationIndex;
                    state.ClientVersion = rollup.ClientVersion;
                    state.LastAt = tally.LastAt;
                }

                state.FirstAt = Min(state.FirstAt, tally.FirstAt);
            }

            state.Count += tally.Count;
        }

        await upsert.FlushAsync(cancellationToken);
        return states;
    }

    private static async Task UpsertStatesAsync(MultiRowUpsert upsert, Dictionary<StateKey, StateTally> states, CancellationToken cancellationToken)
    {
        foreach (var (key, state) in states)
        {
            await upsert.AddAsync(
                [
                    key.EnvironmentId, key.FlagId, key.ConsumerId, key.ApiVersion, (int)state.ApiVersion.Status, state.ApiVersion.SortKey,
                    key.ClientType, state.ClientVersion, state.VariationIndex, state.FirstAt, state.LastAt, state.Count,
                ],
                cancellationToken);
        }

        await upsert.FlushAsync(cancellationToken);
    }

    private static async Task InsertBatchesAsync(MultiRowUpsert insert, List<JournaledBatch> batches, CancellationToken cancellationToken)
    {
        foreach (var batch in batches)
        {
            await insert.AddAsync(
                [batch.EnvironmentId, batch.IdempotencyKey, batch.PayloadHash, batch.Origin, batch.ApiKeyId, batch.ReceivedAt, batch.EventCount, batch.JournalId],
                cancellationToken);
        }

        await insert.FlushAsync(cancellationToken);
    }

    /// <summary>The variation a value-only event was counted under (<see cref="RollupKey.NoVariation"/> when none has that value).</summary>
    internal static int IndexOfValue(IReadOnlyDictionary<int, JsonNode?> variations, string? valueJson)
    {
        var value = valueJson is null ? null : KnownVariation.ParseValue(valueJson);
        foreach (var (index, variationValue) in variations)
        {
            if (JsonNode.DeepEquals(variationValue, value))
            {
                return index;
            }
        }

        return RollupKey.NoVariation;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
