using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Ingest;

/// <summary>
/// Opens a SQLite connection that one ingest loop keeps for the life of the app: not pooled (its cache and prepared
/// statements are its own), with its pragmas applied, and closed again if opening fails.
/// </summary>
internal static class DedicatedConnection
{
    public static async Task<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (pragmas.Length > 0)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A dedicated connection to the dashboard database.</summary>
    public static async Task<SqliteConnection> OpenDashboardAsync(
        IDbContextFactory<DashboardDbContext> dbFactory, string pragmas, CancellationToken cancellationToken)
    {
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            connectionString = db.Database.GetConnectionString()
                ?? throw new InvalidOperationException("The dashboard database has no connection string.");
        }

        return await OpenAsync(connectionString, pragmas, cancellationToken);
    }
}
