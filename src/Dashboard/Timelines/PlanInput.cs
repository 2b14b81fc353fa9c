namespace Dashboard.Timelines;

/// <summary>What an Editor (or the plans API) submits for a plan. Dates are UTC instants.</summary>
public sealed class PlanInput
{
    public string? FlagKey { get; set; }

    public string? Title { get; set; }

    /// <summary>
    /// Optional: a plan retires its flag's legacy variations. When sent, it must equal that set (a check that the caller
    /// and the flag agree); the marks themselves change on the flag.
    /// </summary>
    public List<int>? RetiredVariations { get; set; }

    public string? ApiVersionFrom { get; set; }

    public string? ApiVersionBelow { get; set; }

    public List<string> ClientTypes { get; set; } = [];

    public DateTime? AnnounceAt { get; set; }

    public DateTime? DeprecationAt { get; set; }

    public DateTime? SunsetAt { get; set; }

    public string? MigrationGuideUrl { get; set; }

    public string? Notes { get; set; }

    public string? Owner { get; set; }

    /// <summary>Brownout windows; on update, the plan's windows are replaced by these.</summary>
    public List<BrownoutInput> Brownouts { get; set; } = [];
}
