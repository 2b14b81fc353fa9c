namespace Dashboard.Data.Entities;

/// <summary>Narrows a campaign's audience (the plan's affected consumers at send time). Empty lists mean "all".</summary>
public sealed class AudienceFilter
{
    public string? ApiVersionFrom { get; set; }

    public string? ApiVersionBelow { get; set; }

    public List<string> ClientTypes { get; set; } = [];

    public List<string> Tiers { get; set; } = [];

    /// <summary>Only these consumers (by key), e.g. rows picked on a plan's affected-consumers table.</summary>
    public List<string> ConsumerKeys { get; set; } = [];
}
