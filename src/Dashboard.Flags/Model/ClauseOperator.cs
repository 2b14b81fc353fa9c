namespace Dashboard.Flags.Model;

/// <summary>LaunchDarkly clause operators; <see cref="Unknown"/> never matches, so newer flag data degrades safely.</summary>
public enum ClauseOperator
{
    Unknown = 0,
    In,
    EndsWith,
    StartsWith,
    Matches,
    Contains,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Before,
    After,
    SemVerEqual,
    SemVerLessThan,
    SemVerGreaterThan,
    SegmentMatch,
}
