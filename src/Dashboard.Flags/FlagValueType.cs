namespace Dashboard.Flags;

/// <summary>
/// The value type a caller expects, as in LaunchDarkly's typed variation methods. A variation of
/// another JSON type yields the default with an <c>ERROR</c>/<c>WRONG_TYPE</c> reason.
/// </summary>
public enum FlagValueType
{
    /// <summary>Any JSON value; no type check.</summary>
    Any = 0,
    Boolean,
    /// <summary>A number; fractional variations are truncated, as LaunchDarkly's int variation does.</summary>
    WholeNumber,
    Number,
    Text,
}
