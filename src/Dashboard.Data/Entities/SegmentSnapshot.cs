namespace Dashboard.Data.Entities;

/// <summary>One version of a segment's LaunchDarkly JSON in an environment.</summary>
public sealed class SegmentSnapshot
{
    public long Id { get; set; }

    public int EnvironmentId { get; set; }

    public required string SegmentKey { get; set; }

    public int Version { get; set; }

    public required string Json { get; set; }

    public DateTime SyncedAt { get; set; }

    public required string Origin { get; set; }
}
