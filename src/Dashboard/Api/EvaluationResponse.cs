using System.Text.Json;
using Dashboard.Flags;

namespace Dashboard.Api;

/// <summary>LaunchDarkly's evaluation detail as JSON: the value, the variation index (null when the default was served) and the reason.</summary>
public sealed record EvaluationResponse(JsonElement Value, int? VariationIndex, EvaluationReason Reason)
{
    public static EvaluationResponse From(EvaluationDetail detail) => new(detail.Value, detail.VariationIndex, detail.Reason);
}
