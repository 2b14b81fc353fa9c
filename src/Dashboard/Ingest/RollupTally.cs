using Dashboard.Versions;

namespace Dashboard.Ingest;

/// <summary>The running count of one <see cref="RollupKey"/> with the span of its events and its versions as read.</summary>
public sealed class RollupTally(RecordedVersion apiVersion, RecordedVersion clientVersion, DateTime at)
{
    public RecordedVersion ApiVersion { get; } = apiVersion;

    public RecordedVersion ClientVersion { get; } = clientVersion;

    public long Count { get; set; }

    public DateTime FirstAt { get; set; } = at;

    public DateTime LastAt { get; set; } = at;

    public void Add(long count, DateTime at)
    {
        Count += count;
        if (at < FirstAt)
        {
            FirstAt = at;
        }

        if (at > LastAt)
        {
            LastAt = at;
        }
    }
}
