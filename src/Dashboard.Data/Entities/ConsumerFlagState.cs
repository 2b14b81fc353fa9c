namespace Dashboard.Data.Entities;

/// <summary>The latest known evaluation of one flag for one consumer per API version and client type: answers "who still gets legacy" without scanning rollups.</summary>
public sealed class ConsumerFlagState
{
    public long Id { get; set; }

    public int EnvironmentId { get; set; }

    public int FlagId { get; set; }

    public int ConsumerId { get; set; }

    public string ApiVersion { get; set; } = "";

    public VersionStatus ApiVersionStatus { get; set; }

    public string ApiVersionSortKey { get; set; } = "";

    public string ClientType { get; set; } = "";

    public string ClientVersion { get; set; } = "";

    public int VariationIndex { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public long TotalCount { get; set; }
}
