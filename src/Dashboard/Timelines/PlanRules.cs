using Dashboard.Data.Entities;

namespace Dashboard.Timelines;

/// <summary>What validation needs to know besides the input: the flag, the scheme, the clock and the plans already there.</summary>
/// <param name="VariationIndexes">The flag's variations; empty when the flag is unknown, so they cannot be checked.</param>
/// <param name="Existing">The stored plan when updating; null when creating.</param>
/// <param name="LegacyVariations">Indexes of the flag's variations marked legacy: what the plan retires.</param>
/// <param name="SiblingPlans">Other plans of the same flag (any status; cancelled and completed ones are ignored).</param>
public sealed record PlanRules(
    DateTime Now,
    VersionScheme ApiVersionScheme,
    IReadOnlyCollection<int> VariationIndexes,
    IReadOnlyCollection<int> LegacyVariations,
    int MinimumNoticeDays,
    DeprecationPlan? Existing,
    IReadOnlyList<DeprecationPlan> SiblingPlans);
