namespace Dashboard.Data.Entities;

/// <summary>A feature flag as Sundial tracks it in one environment.</summary>
public sealed class Flag
{
    public int Id { get; set; }

    public int EnvironmentId { get; set; }

    public DashboardEnvironment? Environment { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public List<FlagVariation> Variations { get; set; } = [];

    public string? MaintainerTeam { get; set; }

    public List<string> Tags { get; set; } = [];

    public bool IsArchived { get; set; }

    public FlagSource Source { get; set; }

    public DateTime CreatedAt { get; set; }
}
