namespace Dashboard.Data.Entities;

/// <summary>
/// The LaunchDarkly connection settings edited in the UI (one row) and the outcome of the last sync. Values left null
/// fall back to configuration (<c>LaunchDarkly</c> section).
/// </summary>
public sealed class LaunchDarklyConnection
{
    /// <summary>The single row's key.</summary>
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Default LaunchDarkly project for environments that do not name their own.</summary>
    public string? ProjectKey { get; set; }

    public int? SyncIntervalMinutes { get; set; }

    /// <summary>The API access token protected with ASP.NET Core Data Protection; never the plain token.</summary>
    public string? ProtectedApiToken { get; set; }

    public DateTime? ApiTokenUpdatedAt { get; set; }

    public DateTime? LastSyncStartedAt { get; set; }

    public DateTime? LastSyncFinishedAt { get; set; }

    public bool? LastSyncSucceeded { get; set; }

    /// <summary>What the last sync did or why it failed, per environment.</summary>
    public string? LastSyncSummary { get; set; }
}
