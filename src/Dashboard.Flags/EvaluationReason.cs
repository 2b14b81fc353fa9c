using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Flags;

/// <summary>
/// LaunchDarkly's evaluation reason. A value type so that evaluation does not allocate; serializes to
/// LaunchDarkly's canonical JSON (<c>kind</c>, then <c>ruleIndex</c>/<c>ruleId</c>, <c>inExperiment</c> only
/// when true, <c>prerequisiteKey</c>, <c>errorKind</c>).
/// </summary>
[JsonConverter(typeof(EvaluationReasonJsonConverter))]
public readonly record struct EvaluationReason
{
    private EvaluationReason(EvaluationReasonKind kind, int? ruleIndex, string? ruleId, bool inExperiment, string? prerequisiteKey, EvaluationErrorKind? errorKind)
    {
        Kind = kind;
        RuleIndex = ruleIndex;
        RuleId = ruleId;
        InExperiment = inExperiment;
        PrerequisiteKey = prerequisiteKey;
        ErrorKind = errorKind;
    }

    public EvaluationReasonKind Kind { get; }

    public int? RuleIndex { get; }

    public string? RuleId { get; }

    /// <summary>True when the value came from an experiment slice that is tracked.</summary>
    public bool InExperiment { get; }

    public string? PrerequisiteKey { get; }

    public EvaluationErrorKind? ErrorKind { get; }

    public static EvaluationReason Off { get; } = new(EvaluationReasonKind.Off, null, null, false, null, null);

    public static EvaluationReason TargetMatch { get; } = new(EvaluationReasonKind.TargetMatch, null, null, false, null, null);

    public static EvaluationReason Fallthrough(bool inExperiment = false) =>
        new(EvaluationReasonKind.Fallthrough, null, null, inExperiment, null, null);

    public static EvaluationReason RuleMatch(int ruleIndex, string? ruleId, bool inExperiment = false) =>
        new(EvaluationReasonKind.RuleMatch, ruleIndex, ruleId, inExperiment, null, null);

    public static EvaluationReason PrerequisiteFailed(string prerequisiteKey) =>
        new(EvaluationReasonKind.PrerequisiteFailed, null, null, false, prerequisiteKey, null);

    public static EvaluationReason ForError(EvaluationErrorKind errorKind) =>
        new(EvaluationReasonKind.Error, null, null, false, null, errorKind);

    /// <summary>LaunchDarkly's name for a reason kind, e.g. <c>RULE_MATCH</c>.</summary>
    public static string KindName(EvaluationReasonKind kind) => kind switch
    {
        EvaluationReasonKind.Off => "OFF",
        EvaluationReasonKind.Fallthrough => "FALLTHROUGH",
        EvaluationReasonKind.TargetMatch => "TARGET_MATCH",
        EvaluationReasonKind.RuleMatch => "RULE_MATCH",
        EvaluationReasonKind.PrerequisiteFailed => "PREREQUISITE_FAILED",
        _ => "ERROR",
    };

    /// <summary>LaunchDarkly's name for an error kind, e.g. <c>MALFORMED_FLAG</c>.</summary>
    public static string ErrorKindName(EvaluationErrorKind kind) => kind switch
    {
        EvaluationErrorKind.ClientNotReady => "CLIENT_NOT_READY",
        EvaluationErrorKind.FlagNotFound => "FLAG_NOT_FOUND",
        EvaluationErrorKind.MalformedFlag => "MALFORMED_FLAG",
        EvaluationErrorKind.UserNotSpecified => "USER_NOT_SPECIFIED",
        EvaluationErrorKind.WrongType => "WRONG_TYPE",
        _ => "EXCEPTION",
    };

    /// <summary>The canonical JSON form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    public override string ToString() => ToJson();
}
