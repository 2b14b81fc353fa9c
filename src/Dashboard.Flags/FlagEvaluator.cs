using System.Text.Json;
using Dashboard.Flags.Contexts;
using Dashboard.Flags.Evaluation;
using Dashboard.Flags.Model;

namespace Dashboard.Flags;

/// <summary>Evaluates flags from a <see cref="FlagStore"/> snapshot. Thread-safe; evaluation does not allocate on the hot path.</summary>
/// <param name="store">The flags and segments to evaluate.</param>
/// <param name="onUnexpectedException">
/// Told about bugs surfacing as exceptions during evaluation; callers still get the default with an
/// <c>ERROR</c>/<c>EXCEPTION</c> reason, as LaunchDarkly's SDKs behave, so a bad flag cannot break a page.
/// </param>
public sealed class FlagEvaluator(FlagStore store, Action<string, Exception>? onUnexpectedException = null) : IFlagEvaluator
{
    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    public FlagStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    public EvaluationDetail Evaluate(string flagKey, EvaluationContext context, JsonElement defaultValue, FlagValueType expectedType = FlagValueType.Any) =>
        Evaluate(flagKey, context, defaultValue, regexBudget: null, expectedType);

    /// <inheritdoc/>
    public EvaluationDetail Evaluate(string flagKey, EvaluationContext context, JsonElement defaultValue, RegexBudget? regexBudget, FlagValueType expectedType = FlagValueType.Any)
    {
        ArgumentNullException.ThrowIfNull(flagKey);
        ArgumentNullException.ThrowIfNull(context);
        if (defaultValue.ValueKind == JsonValueKind.Undefined)
        {
            defaultValue = NullElement;
        }

        if (!context.IsValid)
        {
            return new EvaluationDetail(defaultValue, null, EvaluationReason.ForError(EvaluationErrorKind.UserNotSpecified));
        }

        var flag = Store.GetFlag(flagKey);
        if (flag is null)
        {
            return new EvaluationDetail(defaultValue, null, EvaluationReason.ForError(EvaluationErrorKind.FlagNotFound));
        }

        var scope = EvaluationScope.Enter(Store, context, regexBudget);
        try
        {
            return Evaluate(scope, flag, defaultValue, expectedType);
        }
        finally
        {
            scope.Exit();
        }
    }

    /// <summary>
    /// Evaluates every (non-deleted) flag with a null default in one scope: a flag already evaluated as another's
    /// prerequisite is not evaluated again, so the cost grows with the size of the data, not with chain depth squared.
    /// </summary>
    public IReadOnlyDictionary<string, EvaluationDetail> EvaluateAll(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new Dictionary<string, EvaluationDetail>(StringComparer.Ordinal);
        if (!context.IsValid)
        {
            return results;
        }

        var scope = EvaluationScope.Enter(Store, context);
        try
        {
            foreach (var (key, flag) in Store.Flags)
            {
                if (!flag.Deleted)
                {
                    results[key] = Evaluate(scope, flag, NullElement, FlagValueType.Any);
                }
            }
        }
        finally
        {
            scope.Exit();
        }

        return results;
    }

    private EvaluationDetail Evaluate(EvaluationScope scope, FeatureFlag flag, JsonElement defaultValue, FlagValueType expectedType)
    {
        EvaluationDetail detail;
        try
        {
            detail = scope.Evaluate(flag);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            onUnexpectedException?.Invoke(flag.Key, exception);
            return new EvaluationDetail(defaultValue, null, EvaluationReason.ForError(EvaluationErrorKind.Exception));
        }

        if (detail.VariationIndex is null)
        {
            return detail with { Value = defaultValue };
        }

        if (!HasExpectedType(detail.Value, expectedType))
        {
            return new EvaluationDetail(defaultValue, null, EvaluationReason.ForError(EvaluationErrorKind.WrongType));
        }

        return expectedType == FlagValueType.WholeNumber ? detail with { Value = TruncateToInteger(detail.Value) } : detail;
    }

    private static bool HasExpectedType(JsonElement value, FlagValueType expectedType) => expectedType switch
    {
        FlagValueType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        FlagValueType.WholeNumber or FlagValueType.Number => value.ValueKind == JsonValueKind.Number,
        FlagValueType.Text => value.ValueKind == JsonValueKind.String,
        _ => true,
    };

    // LaunchDarkly's integer variation methods truncate a fractional variation rather than rejecting it.
    private static JsonElement TruncateToInteger(JsonElement value)
    {
        if (value.TryGetInt64(out _))
        {
            return value;
        }

        var truncated = Math.Truncate(value.GetDouble());
        return JsonSerializer.SerializeToElement(truncated);
    }
}
