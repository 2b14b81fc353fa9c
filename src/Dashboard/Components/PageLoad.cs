using Dashboard.Database;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components;

/// <summary>
/// The one way a page loads and reloads its data: a failure (database gone, query bug) is logged and comes back as a
/// message for <see cref="LoadErrorAlert"/> with a retry, instead of an exception that ends the viewer's circuit.
/// </summary>
public sealed partial class PageLoad(ILogger<PageLoad> logger)
{
    /// <summary>Runs <paramref name="load"/>; returns what went wrong for the page to show, or null when it loaded.</summary>
    public async Task<string?> RunAsync(Func<Task> load, string what = "this page")
    {
        try
        {
            await load();
            return null;
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or NavigationException))
        {
            LogLoadFailed(exception, what);
            return DatabaseFailures.IsUnavailable(exception)
                ? $"Could not load {what}: {DatabaseFailures.UnavailableMessage}"
                : $"Could not load {what}: {exception.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading {What} failed")]
    private partial void LogLoadFailed(Exception exception, string what);
}
