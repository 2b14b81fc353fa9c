namespace Dashboard.Flags;

/// <summary>LaunchDarkly's error kinds for an <c>ERROR</c> reason.</summary>
public enum EvaluationErrorKind
{
    ClientNotReady = 0,
    FlagNotFound,
    MalformedFlag,
    UserNotSpecified,
    WrongType,
    Exception,
}
