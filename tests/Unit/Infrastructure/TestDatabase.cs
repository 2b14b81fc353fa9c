using Dashboard.Data;
using Dashboard.Database;
using Dashboard.Options;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// The one test database: a real SQLite file in its own temp folder, migrated with the app's migrations, opened with the
/// app's pragmas, with a <see cref="FakeTimeProvider"/> for the code under test. Deleted on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo folder;

    /// <summary>The fake clock's start when a test does not choose one: mid-afternoon UTC on a Thursday in winter (no DST change within a week).</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 1, 15, 14, 30, 0, TimeSpan.Zero);

    private TestDatabase(DirectoryInfo folder, DateTimeOffset now)
    {
        this.folder = folder;
        Time = new FakeTimeProvider(now);
        FilePath = Path.Combine(folder.FullName, "sundial.db");
        // No pooling: a pooled connection would keep the file open after the test.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();
        Options = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseDashboardSqlite(ConnectionString, new DatabaseOptions().BusyTimeout)
            .Options;
        Factory = new PooledDbContextFactory<DashboardDbContext>(Options);
    }

    public string FilePath { get; }

    /// <summary>The temp folder holding the database; other files of the test (e.g. data-protection keys) can live here.</summary>
    public string FolderPath => folder.FullName;

    /// <summary>"Now" for the code under test, starting at the time given to <see cref="CreateAsync"/>.</summary>
    public FakeTimeProvider Time { get; }

    public string ConnectionString { get; }

    public DbContextOptions<DashboardDbContext> Options { get; }

    public IDbContextFactory<DashboardDbContext> Factory { get; }

    /// <summary>An empty, fully migrated database whose clock starts at <paramref name="now"/> (default <see cref="DefaultNow"/>).</summary>
    public static async Task<TestDatabase> CreateAsync(DateTimeOffset? now = null)
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory("sundial-unit-"), now ?? DefaultNow);
        await using var db = await database.Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary><see cref="CreateAsync"/> for fixtures built in a constructor.</summary>
    public static TestDatabase Create(DateTimeOffset? now = null)
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory("sundial-unit-"), now ?? DefaultNow);
        using var db = database.Factory.CreateDbContext();
        db.Database.Migrate();
        return database;
    }

    /// <summary>An empty folder for a database the code under test creates itself (e.g. the app started by a WebApplicationFactory).</summary>
    public static string CreateEmptyFolder() => Directory.CreateTempSubdirectory("sundial-unit-").FullName;

    public DashboardDbContext CreateContext() => Factory.CreateDbContext();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
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
