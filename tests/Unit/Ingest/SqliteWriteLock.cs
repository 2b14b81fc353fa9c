using Dashboard.Ingest;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Holds SQLite's write lock on one of the app's files from outside the app, so its next write there waits (up to the busy timeout) until released.</summary>
public sealed class SqliteWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;

    private SqliteWriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    /// <summary>Locks the ingest journal: the writer cannot journal (so cannot answer) requests.</summary>
    public static async Task<SqliteWriteLock> OnJournalAsync(IngestAppFactory factory)
    {
        var journal = factory.Services.GetRequiredService<IngestJournal>();
        await journal.EnsureCreatedAsync(CancellationToken.None);
        return await TakeAsync(new SqliteConnectionStringBuilder { DataSource = journal.FilePath, Pooling = false }.ToString());
    }

    /// <summary>Locks the dashboard database: folds into the rollups wait.</summary>
    public static async Task<SqliteWriteLock> OnDashboardAsync(IngestAppFactory factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await TakeAsync(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
    }

    /// <summary>Locks the SQLite file at <paramref name="path"/>, e.g. a component test's database.</summary>
    public static Task<SqliteWriteLock> OnFileAsync(string path) =>
        TakeAsync(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());

    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private static async Task<SqliteWriteLock> TakeAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return new SqliteWriteLock(connection, connection.BeginTransaction(deferred: false));
    }
}
