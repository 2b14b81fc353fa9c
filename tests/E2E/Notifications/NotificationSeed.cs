using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.E2E.Notifications;

/// <summary>
/// Writes a flag of its own, an announced deprecation plan for it and consumers that still get its legacy variation
/// straight into the app's SQLite file (the plan UI belongs to another feature), so a test controls exactly who is
/// affected — the demo consumers are not.
/// </summary>
public static class NotificationSeed
{
    public const string FlagName = "Legacy pagination";

    public const string RetiredVariationName = "page-number pagination";

    public const string ReplacementVariationName = "cursor pagination";

    /// <summary>Returns the plan id; each consumer gets one contact with the given address.</summary>
    public static async Task<int> AddPlanWithAffectedConsumersAsync(string databasePath, IReadOnlyList<(string Key, string Email)> consumers)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var environmentId = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT Id FROM Environments ORDER BY IsDefault DESC, Id LIMIT 1"), CultureInfo.InvariantCulture);
        var flagId = await ScalarAsync(connection, transaction,
            "INSERT INTO Flags (EnvironmentId, Key, Name, Tags, IsArchived, Source, CreatedAt) VALUES ($env, $key, $name, '[]', 0, 'Manual', $now) RETURNING Id",
            ("$env", environmentId), ("$key", "e2e-pagination-" + Guid.NewGuid().ToString("N")[..8]), ("$name", FlagName), ("$now", Format(now)));
        // A plan retires its flag's legacy variations: variation 0 is the legacy one.
        await ScalarAsync(connection, transaction,
            "INSERT INTO FlagVariations (FlagId, \"Index\", ValueJson, Name, IsLegacy) VALUES ($flag, 0, '\"pages\"', $legacy, 1), ($flag, 1, '\"cursor\"', $new, 0)",
            ("$flag", flagId!), ("$legacy", RetiredVariationName), ("$new", ReplacementVariationName));
        var planId = Convert.ToInt32(await ScalarAsync(connection, transaction,
            "INSERT INTO DeprecationPlans (EnvironmentId, FlagId, Title, ClientTypes, AnnounceAt, DeprecationAt, SunsetAt, MigrationGuideUrl, Status, CreatedAt, UpdatedAt) " +
            "VALUES ($env, $flag, 'Retire the v1 response format', '[]', $now, $now, $sunset, 'https://docs.example.com/migrate', 'Announced', $now, $now) RETURNING Id",
            ("$env", environmentId), ("$flag", flagId!), ("$now", Format(now)), ("$sunset", Format(now.AddDays(200).Date))), CultureInfo.InvariantCulture);
        var hour = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds() / 3600 * 3600;
        foreach (var (key, email) in consumers)
        {
            var consumerId = await ScalarAsync(connection, transaction,
                "INSERT INTO Consumers (EnvironmentId, Key, DisplayName, Tags) VALUES ($env, $key, $name, '[]') RETURNING Id",
                ("$env", environmentId), ("$key", key), ("$name", "Consumer " + key));
            await ScalarAsync(connection, transaction,
                "INSERT INTO Contacts (ConsumerId, Email, Name, IsUnsubscribed, CreatedAt) VALUES ($consumer, $email, $name, 0, $now)",
                ("$consumer", consumerId!), ("$email", email), ("$name", "Ops of " + key), ("$now", Format(now)));
            await ScalarAsync(connection, transaction,
                "INSERT INTO EvaluationRollups (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, ClientVersion, ClientVersionStatus, ClientVersionSortKey, VariationIndex, HourStart, Count) " +
                "VALUES ($env, $flag, $consumer, '1.4.2', 0, '', 'web', '', 1, '', 0, $hour, 120)",
                ("$env", environmentId), ("$flag", flagId!), ("$consumer", consumerId!), ("$hour", hour));
        }

        await transaction.CommitAsync();
        return planId;
    }

    public static async Task<long> CountAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Format(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }
}
