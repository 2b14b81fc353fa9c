namespace Dashboard.Analytics;

/// <summary>A flag's descriptive fields and variations, with its flags-list numbers.</summary>
public sealed record FlagDetail(
    int Id,
    int EnvironmentId,
    string Key,
    string Name,
    string? Description,
    string? MaintainerTeam,
    IReadOnlyList<string> Tags,
    FlagListRow Summary)
{
    public IReadOnlyList<FlagVariationSummary> Variations => Summary.Variations;
}
