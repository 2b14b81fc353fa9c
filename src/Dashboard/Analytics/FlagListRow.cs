namespace Dashboard.Analytics;

/// <summary>One flag in the flags list with its last-7-days numbers.</summary>
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
    public const int WindowDays = 7;

    /// <summary>Share of the last 7 days' evaluations that served a legacy variation, 0..1; null without evaluations.</summary>
    public double? LegacyShare => Evaluations == 0 ? null : (double)LegacyEvaluations / Evaluations;
}
