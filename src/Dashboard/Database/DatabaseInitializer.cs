using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Database;

/// <summary>Creates the database folder, applies migrations and switches SQLite to WAL before the app serves requests.</summary>
public static partial class DatabaseInitializer
{
    /// <summary>Returns false, after logging one line that names the path and the problem, when the database cannot be used.</summary>
    public static async Task<bool> TryInitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var location = services.GetRequiredService<DatabaseLocation>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        try
        {
            var directory = Path.GetDirectoryName(location.FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var factory = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            var problem = Describe(exception);
            LogDatabaseUnusable(logger, location.FilePath, problem);
            return false;
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 26 } => "the file is not a SQLite database (corrupt or another format)",
        SqliteException { SqliteErrorCode: 11 } => "the database file is corrupt",
        SqliteException { SqliteErrorCode: 14 } => "the file cannot be opened (missing folder or no permission)",
        SqliteException { SqliteErrorCode: 8 } => "the database is read-only (no write permission)",
        _ => exception.GetBaseException().Message,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Cannot use the database at {Path}: {Problem}. Fix the file or set ConnectionStrings:Dashboard to a writable path.")]
    private static partial void LogDatabaseUnusable(ILogger logger, string path, string problem);
}
