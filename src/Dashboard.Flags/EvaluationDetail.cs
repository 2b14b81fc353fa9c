using System.Text.Json;

namespace Dashboard.Flags;

/// <summary>
/// The result of evaluating a flag: the value (the caller's default when no variation applies),
/// the variation index (null when the default was returned) and the reason.
/// </summary>
public readonly record struct EvaluationDetail(JsonElement Value, int? VariationIndex, EvaluationReason Reason)
{
    /// <summary>True when the caller's default value was returned (error, or off without an off variation).</summary>
    public bool IsDefaultValue => VariationIndex is null;
}
