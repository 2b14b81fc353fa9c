namespace Dashboard.Data.Entities;

/// <summary>
/// Evaluation count for one (environment, flag, consumer, versions, client type, variation, hour). Upserted by the
/// ingest writer; never one row per event.
/// </summary>
public sealed class EvaluationRollup
{
    public long Id { get; set; }

    public int EnvironmentId { get; set; }

    public int FlagId { get; set; }

    public int ConsumerId { get; set; }

    /// <summary>The version as sent; empty when missing.</summary>
    public string ApiVersion { get; set; } = "";

    public VersionStatus ApiVersionStatus { get; set; }

    /// <summary>A string that sorts like the version under the environment's scheme; see <c>VersionSortKey</c>.</summary>
    public string ApiVersionSortKey { get; set; } = "";

    public string ClientType { get; set; } = "";

    public string ClientVersion { get; set; } = "";

    public VersionStatus ClientVersionStatus { get; set; }

    public string ClientVersionSortKey { get; set; } = "";

    /// <summary>The variation served; -1 when the event named no known variation.</summary>
    public int VariationIndex { get; set; }

    /// <summary>Start of the UTC hour, in Unix seconds (kept numeric so day buckets in any time zone are cheap in SQL).</summary>
    public long HourStart { get; set; }

    public long Count { get; set; }
}
