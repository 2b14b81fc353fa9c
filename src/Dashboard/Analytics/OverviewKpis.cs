namespace Dashboard.Analytics;

/// <summary>The Overview's headline numbers for one window of one environment.</summary>
/// <param name="ActiveConsumers">Consumers with at least one evaluation.</param>
/// <param name="Evaluations">All evaluations.</param>
/// <param name="LegacyEvaluations">Evaluations that served a variation marked legacy.</param>
/// <param name="ConsumersOnLegacy">Consumers that received a legacy variation at least once.</param>
/// <param name="EvaluationsWithVersionProblems">Evaluations whose API version was missing or unreadable.</param>
public sealed record OverviewKpis(int ActiveConsumers, long Evaluations, long LegacyEvaluations, int ConsumersOnLegacy, long EvaluationsWithVersionProblems)
{
    /// <summary>Share of evaluations on legacy variations, 0..1; null without evaluations.</summary>
    public double? LegacyShare => Evaluations == 0 ? null : (double)LegacyEvaluations / Evaluations;

    /// <summary>Share of evaluations with missing or invalid API versions, 0..1; null without evaluations.</summary>
    public double? VersionProblemShare => Evaluations == 0 ? null : (double)EvaluationsWithVersionProblems / Evaluations;
}
