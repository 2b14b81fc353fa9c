using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Flags.Contexts;

namespace Dashboard.Flags;

/// <summary>Conveniences over <see cref="IFlagEvaluator"/> for callers holding <see cref="JsonNode"/> or CLR defaults.</summary>
public static class FlagEvaluatorExtensions
{
    /// <summary>Evaluates with a <see cref="JsonNode"/> default (null means JSON null).</summary>
    public static EvaluationDetail Evaluate(this IFlagEvaluator evaluator, string flagKey, EvaluationContext context, JsonNode? defaultValue, FlagValueType expectedType = FlagValueType.Any)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var element = defaultValue is null ? default : JsonSerializer.SerializeToElement(defaultValue);
        return evaluator.Evaluate(flagKey, context, element, expectedType);
    }

    /// <summary>Typed boolean evaluation, as LaunchDarkly's <c>BoolVariationDetail</c>.</summary>
    public static EvaluationDetail EvaluateBoolean(this IFlagEvaluator evaluator, string flagKey, EvaluationContext context, bool defaultValue)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return evaluator.Evaluate(flagKey, context, JsonSerializer.SerializeToElement(defaultValue), FlagValueType.Boolean);
    }

    /// <summary>Typed string evaluation, as LaunchDarkly's <c>StringVariationDetail</c>.</summary>
    public static EvaluationDetail EvaluateText(this IFlagEvaluator evaluator, string flagKey, EvaluationContext context, string defaultValue)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return evaluator.Evaluate(flagKey, context, JsonSerializer.SerializeToElement(defaultValue), FlagValueType.Text);
    }
}
