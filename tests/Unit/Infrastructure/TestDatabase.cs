using Dashboard.Data;
using Dashboard.Database;
using Dashboard.Options;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// A real SQLite file in its own temp folder, migrated with the app's migrations and opened with the app's pragmas.
/// Deleted on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo folder;

    private TestDatabase(DirectoryInfo folder)
    {
        this.folder = folder;
        FilePath = Path.Combine(folder.FullName, "sundial.db");
        // No pooling: a pooled connection would keep the file open after the test.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();
        Options = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseDashboardSqlite(ConnectionString, new DatabaseOptions().BusyTimeout)
            .Options;
        Factory = new PooledDbContextFactory<DashboardDbContext>(Options);
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public DbContextOptions<DashboardDbContext> Options { get; }

    public IDbContextFactory<DashboardDbContext> Factory { get; }

    /// <summary>An empty, fully migrated database.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory("sundial-unit-"));
        await using var db = await database.Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>An empty folder for a database the code under test creates itself (e.g. the app started by a WebApplicationFactory).</summary>
    public static string CreateEmptyFolder() => Directory.CreateTempSubdirectory("sundial-unit-").FullName;

    public DashboardDbContext CreateContext() => Factory.CreateDbContext();

    public ValueTask DisposeAsync()
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans /tmp.
        }

        return ValueTask.CompletedTask;
    }
}
