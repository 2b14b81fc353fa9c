namespace Dashboard.Data.Entities;

/// <summary>One version of a flag's LaunchDarkly JSON in an environment, as synced or imported.</summary>
public sealed class FlagSnapshot
{
    public long Id { get; set; }

    public int EnvironmentId { get; set; }

    public required string FlagKey { get; set; }

    public int Version { get; set; }

    public required string Json { get; set; }

    public DateTime SyncedAt { get; set; }

    /// <summary>Where the snapshot came from: <c>sync</c>, <c>import</c>, <c>api</c> or <c>seed</c>.</summary>
    public required string Origin { get; set; }
}
