using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.E2E.Ingest;

/// <summary>Reads evaluation counts from the app's SQLite file (WAL mode allows reading while the app runs).</summary>
public static class StoredEvaluations
{
    /// <summary>Counts per (consumer, API version, client type, variation) for one flag, for consumers whose key starts with <paramref name="consumerPrefix"/>.</summary>
    public static async Task<Dictionary<(string Consumer, string ApiVersion, string ClientType, int Variation), long>> CountsAsync(
        string databasePath, string flagKey, string consumerPrefix)
    {
        await using var connection = Open(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT c.Key, r.ApiVersion, r.ClientType, r.VariationIndex, SUM(r.Count) FROM EvaluationRollups r " +
            "JOIN Consumers c ON c.Id = r.ConsumerId JOIN Flags f ON f.Id = r.FlagId " +
            "WHERE f.Key = @flag AND substr(c.Key, 1, length(@prefix)) = @prefix GROUP BY 1, 2, 3, 4";
        command.Parameters.AddWithValue("@flag", flagKey);
        command.Parameters.AddWithValue("@prefix", consumerPrefix);
        var counts = new Dictionary<(string, string, string, int), long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3))] = reader.GetInt64(4);
        }

        return counts;
    }

    /// <summary>Runs a scalar SUM/COUNT query.</summary>
    public static async Task<long> SumAsync(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
