using System.Text.Json;
using Dashboard.Flags.Contexts;

namespace Dashboard.Flags;

/// <summary>
/// Server-side flag evaluation with LaunchDarkly's semantics. Kept small so that an adapter over the
/// official LaunchDarkly SDK can replace <see cref="FlagEvaluator"/> where that package is available.
/// </summary>
public interface IFlagEvaluator
{
    /// <summary>
    /// Evaluates a flag. Never throws for bad flag data or contexts: problems come back as the default
    /// value with an <c>ERROR</c> reason. With <paramref name="expectedType"/> other than <see cref="FlagValueType.Any"/>,
    /// a variation of another JSON type gives <c>WRONG_TYPE</c>.
    /// </summary>
    EvaluationDetail Evaluate(string flagKey, EvaluationContext context, JsonElement defaultValue, FlagValueType expectedType = FlagValueType.Any);

    /// <summary>
    /// Evaluates a flag as <see cref="Evaluate(string, EvaluationContext, JsonElement, FlagValueType)"/> does, spending
    /// <paramref name="regexBudget"/> (when not null) instead of a fresh per-evaluation regex budget: one budget passed to many
    /// evaluations bounds their total regex time, and once it is spent a flag that reaches a <c>matches</c> clause is MALFORMED_FLAG.
    /// </summary>
    EvaluationDetail Evaluate(string flagKey, EvaluationContext context, JsonElement defaultValue, RegexBudget? regexBudget, FlagValueType expectedType = FlagValueType.Any);

    /// <summary>Evaluates every (non-deleted) flag with a null default; empty for an invalid context, as LaunchDarkly's all-flags state is.</summary>
    IReadOnlyDictionary<string, EvaluationDetail> EvaluateAll(EvaluationContext context);
}
