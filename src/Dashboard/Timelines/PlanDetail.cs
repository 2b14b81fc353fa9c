namespace Dashboard.Timelines;

/// <summary>Everything the plan page and the plans API show about one plan.</summary>
/// <param name="Variations">The flag's variations (index, name, value) so retired ones can be named.</param>
public sealed record PlanDetail(
    PlanSummary Summary,
    string EnvironmentKey,
    string? MigrationGuideUrl,
    string? Notes,
    DateTime CreatedAt,
    string? CreatedBy,
    DateTime UpdatedAt,
    IReadOnlyList<PlanVariation> Variations,
    IReadOnlyList<PlanExtension> Extensions);
