using Microsoft.Data.Sqlite;

namespace Dashboard.Database;

/// <summary>
/// The one place that tells a database that cannot take a write right now (busy, locked, full, read-only, failing disk)
/// from a bug: those answer "try again" (503 with Retry-After, or a readable message on a page) instead of 500. Another
/// database provider adds its codes here.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>What a page (or a caller that takes no JSON) is told when a write met a database that cannot take it.</summary>
    public const string UnavailableMessage = "The database is busy or unavailable, try again in a moment.";

    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;

    /// <summary>Busy, or the file cannot take writes at the moment (disk full, I/O error, read-only): the request itself is fine.</summary>
    public static bool IsUnavailable(Exception exception) => Codes(exception).Any(code => code is Busy or Locked or ReadOnly or IoError or Full);

    // EF Core wraps provider errors (DbUpdateException), so look through the inner exceptions.
    private static IEnumerable<int> Codes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException sqlite)
            {
                // Extended result codes carry the primary code in the low byte.
                yield return sqlite.SqliteErrorCode & 0xFF;
            }
        }
    }
}
