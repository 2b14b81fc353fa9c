namespace Dashboard.Analytics;

/// <summary>One flag in the flags list with its numbers over the recent window (<see cref="LegacyUsage.Recent"/>).</summary>
public sealed record FlagListRow(
    int Id,
    string Key,
    string Name,
    IReadOnlyList<FlagVariationSummary> Variations,
    long Evaluations,
    long LegacyEvaluations,
    int ConsumersOnLegacy,
    DateTimeOffset? LastEvaluatedAt,
    FlagStatus Status)
{
    /// <summary>Share of the window's evaluations that served a legacy variation, 0..1; null without evaluations.</summary>
    public double? LegacyShare => Evaluations == 0 ? null : (double)LegacyEvaluations / Evaluations;
}
