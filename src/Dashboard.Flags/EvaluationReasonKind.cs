namespace Dashboard.Flags;

/// <summary>Why a flag produced its value, as LaunchDarkly reports it.</summary>
public enum EvaluationReasonKind
{
    Off = 0,
    Fallthrough,
    TargetMatch,
    RuleMatch,
    PrerequisiteFailed,
    Error,
}
