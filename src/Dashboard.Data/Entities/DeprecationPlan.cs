namespace Dashboard.Data.Entities;

/// <summary>
/// The retirement of legacy behaviour of one flag: for which API versions and client types, and when (announce →
/// deprecation → sunset). What goes is the flag's variations marked legacy (<see cref="FlagVariation.IsLegacy"/>); a plan
/// keeps no list of its own. Published to providers as Deprecation / Sunset / Link headers.
/// </summary>
public sealed class DeprecationPlan
{
    public int Id { get; set; }

    public int EnvironmentId { get; set; }

    public int FlagId { get; set; }

    public Flag? Flag { get; set; }

    public required string Title { get; set; }

    /// <summary>Inclusive lower bound of affected API versions under the environment's scheme; null = no lower bound.</summary>
    public string? ApiVersionFrom { get; set; }

    /// <summary>Exclusive upper bound of affected API versions (e.g. <c>2.0.0</c> for "below 2.0.0"); null = no upper bound.</summary>
    public string? ApiVersionBelow { get; set; }

    /// <summary>Affected client types; empty = all.</summary>
    public List<string> ClientTypes { get; set; } = [];

    public DateTime? AnnounceAt { get; set; }

    public DateTime DeprecationAt { get; set; }

    public DateTime SunsetAt { get; set; }

    public string? MigrationGuideUrl { get; set; }

    public string? Notes { get; set; }

    public string? Owner { get; set; }

    public PlanStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<BrownoutWindow> Brownouts { get; set; } = [];

    public List<ConsumerExtension> Extensions { get; set; } = [];
}
