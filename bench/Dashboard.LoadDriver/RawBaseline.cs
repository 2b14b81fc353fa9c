using System.Diagnostics;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.LoadDriver;

/// <summary>
/// The raw baseline: the same rollup rows upserted straight into SQLite in-process, no HTTP, no validation — one
/// transaction per 1,000-event batch and one prepared <c>INSERT … ON CONFLICT DO UPDATE</c> per event, with the same
/// pragmas as the app (WAL, synchronous=NORMAL).
/// </summary>
internal static class RawBaseline
{
    public static async Task<double> RunAsync(string databasePath, LoadScenario scenario, long hourStart)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        await using (var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(connectionString).Options))
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, $"INSERT INTO Environments (Key, Name, IsDefault, ApiVersionScheme, ClientVersionScheme, ConsumerMapping, CreatedAt) VALUES ('raw', 'Raw', 1, 'SemVer', 'SemVer', '{{}}', '{now}')");
        var flagIds = new long[LoadScenario.Flags];
        for (var f = 0; f < LoadScenario.Flags; f++)
        {
            await ExecuteAsync(connection, $"INSERT INTO Flags (EnvironmentId, Key, Name, Tags, IsArchived, Source, CreatedAt) VALUES (1, '{LoadScenario.FlagKey(f)}', 'x', '[]', 0, 'Manual', '{now}')");
            flagIds[f] = f + 1;
        }

        await using (var transaction = connection.BeginTransaction())
        {
            for (var c = 0; c < LoadScenario.Consumers; c++)
            {
                await ExecuteAsync(connection, $"INSERT INTO Consumers (EnvironmentId, Key, DisplayName, Tags) VALUES (1, '{LoadScenario.ConsumerKey(c)}', 'x', '[]')", transaction);
            }

            await transaction.CommitAsync();
        }

        await using var upsert = connection.CreateCommand();
        upsert.CommandText =
            "INSERT INTO EvaluationRollups (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, ClientVersion, " +
            "ClientVersionStatus, ClientVersionSortKey, VariationIndex, HourStart, Count) " +
            "VALUES (1, @flag, @consumer, @apiVersion, 0, @sortKey, 'server', '5.0.1', 0, '000000005.000000000.000000001~', @variation, @hour, 1) " +
            "ON CONFLICT (EnvironmentId, FlagId, ConsumerId, ApiVersion, ClientType, ClientVersion, VariationIndex, HourStart) DO UPDATE SET Count = Count + 1";
        var flag = upsert.Parameters.Add("@flag", SqliteType.Integer);
        var consumerParameter = upsert.Parameters.Add("@consumer", SqliteType.Integer);
        var apiVersion = upsert.Parameters.Add("@apiVersion", SqliteType.Text);
        var sortKey = upsert.Parameters.Add("@sortKey", SqliteType.Text);
        var variation = upsert.Parameters.Add("@variation", SqliteType.Integer);
        upsert.Parameters.AddWithValue("@hour", hourStart);
        var versions = Enumerable.Range(0, LoadScenario.Versions).Select(LoadScenario.ApiVersion).ToArray();
        var sortKeys = Enumerable.Range(0, LoadScenario.Versions).Select(v => $"000000002.{v:D9}.000000000~").ToArray();

        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in scenario.Batches)
        {
            await using var transaction = connection.BeginTransaction();
            upsert.Transaction = transaction;
            foreach (var (consumer, version, flagIndex) in batch)
            {
                flag.Value = flagIds[flagIndex];
                consumerParameter.Value = consumer + 1;
                apiVersion.Value = versions[version];
                sortKey.Value = sortKeys[version];
                variation.Value = LoadScenario.Variation(version);
                await upsert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        stopwatch.Stop();
        return scenario.Batches.Length * (double)LoadScenario.BatchSize / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }
}
