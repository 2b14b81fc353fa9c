using System.ComponentModel.DataAnnotations;

namespace Dashboard.Options;

/// <summary>How the dashboard database behaves under contention (section <c>Database</c>). Validated on start.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// How long a page or API write waits for another writer's lock before it answers "busy, try again" (503 with
    /// Retry-After for APIs). Ingest folds keep their own, longer wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Database:BusyTimeout must be between 1 second and 1 minute.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
