using Dashboard.Database;
using MudBlazor;

namespace Dashboard.Components;

/// <summary>How an interactive page reports a write that met a busy database: a snackbar, not a broken circuit.</summary>
public static class DatabaseBusySnackbar
{
    /// <summary>
    /// Runs <paramref name="write"/>; when the database is busy (<see cref="DatabaseFailures.IsBusy"/>) shows
    /// <see cref="DatabaseFailures.BusyMessage"/> and returns false, leaving the page and what was typed as they were.
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
        catch (Exception exception) when (DatabaseFailures.IsBusy(exception))
        {
            snackbar.Add(DatabaseFailures.BusyMessage, Severity.Warning);
            return false;
        }
    }
}
