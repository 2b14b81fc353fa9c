using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Flags;

/// <summary>Writes and reads <see cref="EvaluationReason"/> in LaunchDarkly's JSON form.</summary>
public sealed class EvaluationReasonJsonConverter : JsonConverter<EvaluationReason>
{
    public override EvaluationReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        var kind = json.GetProperty("kind").GetString();
        return kind switch
        {
            "OFF" => EvaluationReason.Off,
            "TARGET_MATCH" => EvaluationReason.TargetMatch,
            "FALLTHROUGH" => EvaluationReason.Fallthrough(ReadInExperiment(json)),
            "RULE_MATCH" => EvaluationReason.RuleMatch(
                json.GetProperty("ruleIndex").GetInt32(),
                json.TryGetProperty("ruleId", out var ruleId) ? ruleId.GetString() : null,
                ReadInExperiment(json)),
            "PREREQUISITE_FAILED" => EvaluationReason.PrerequisiteFailed(json.GetProperty("prerequisiteKey").GetString()!),
            "ERROR" => EvaluationReason.ForError(ParseErrorKind(json.GetProperty("errorKind").GetString())),
            _ => throw new JsonException($"unknown evaluation reason kind \"{kind}\""),
        };
    }

    public override void Write(Utf8JsonWriter writer, EvaluationReason value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("kind", EvaluationReason.KindName(value.Kind));
        if (value.RuleIndex is { } ruleIndex)
        {
            writer.WriteNumber("ruleIndex", ruleIndex);
            if (!string.IsNullOrEmpty(value.RuleId))
            {
                writer.WriteString("ruleId", value.RuleId);
            }
        }

        if (value.InExperiment)
        {
            writer.WriteBoolean("inExperiment", true);
        }

        if (value.Kind == EvaluationReasonKind.PrerequisiteFailed)
        {
            writer.WriteString("prerequisiteKey", value.PrerequisiteKey);
        }

        if (value.ErrorKind is { } errorKind)
        {
            writer.WriteString("errorKind", EvaluationReason.ErrorKindName(errorKind));
        }

        writer.WriteEndObject();
    }

    private static bool ReadInExperiment(JsonElement json) =>
        json.TryGetProperty("inExperiment", out var inExperiment) && inExperiment.ValueKind == JsonValueKind.True;

    private static EvaluationErrorKind ParseErrorKind(string? name)
    {
        foreach (var kind in Enum.GetValues<EvaluationErrorKind>())
        {
            if (EvaluationReason.ErrorKindName(kind) == name)
            {
                return kind;
            }
        }

        throw new JsonException($"unknown evaluation error kind \"{name}\"");
    }
}
