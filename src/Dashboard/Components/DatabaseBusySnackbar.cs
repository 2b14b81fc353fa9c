using Dashboard.Database;
using MudBlazor;

namespace Dashboard.Components;

/// <summary>How an interactive page reports a write that met a busy or unavailable database: a snackbar, not a broken circuit.</summary>
public static class DatabaseBusySnackbar
{
    /// <summary>
    /// Runs <paramref name="write"/>; when the database cannot take the write (busy, read-only, full: <see cref="DatabaseFailures.IsUnavailable"/>) shows
    /// <see cref="DatabaseFailures.UnavailableMessage"/> and returns false, leaving the page and what was typed as they were.
    /// </summary>
    public static async Task<bool> TryWriteAsync(this ISnackbar snackbar, Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            await write();
            return true;
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception))
        {
            snackbar.Add(DatabaseFailures.UnavailableMessage, Severity.Warning);
            return false;
        }
    }
}
