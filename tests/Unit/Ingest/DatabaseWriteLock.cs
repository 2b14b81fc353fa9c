using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Holds SQLite's write lock from outside the app, so the ingest writer's next commit waits until it is released.</summary>
public sealed class DatabaseWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;

    private DatabaseWriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static async Task<DatabaseWriteLock> TakeAsync(IngestAppFactory factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        return new DatabaseWriteLock(connection, connection.BeginTransaction(deferred: false));
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
