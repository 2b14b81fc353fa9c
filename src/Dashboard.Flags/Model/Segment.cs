namespace Dashboard.Flags.Model;

/// <summary>A reusable set of contexts: explicit includes/excludes, then rules.</summary>
public sealed class Segment
{
    public string Key { get; internal init; } = string.Empty;

    public int Version { get; internal init; }

    public IReadOnlyList<string> Included { get; internal init; } = [];

    public IReadOnlyList<string> Excluded { get; internal init; } = [];

    public IReadOnlyList<SegmentTarget> IncludedContexts { get; internal init; } = [];

    public IReadOnlyList<SegmentTarget> ExcludedContexts { get; internal init; } = [];

    public IReadOnlyList<SegmentRule> Rules { get; internal init; } = [];

    public string Salt { get; internal init; } = string.Empty;

    /// <summary>Big segment; membership lives in an external store this evaluator does not have.</summary>
    public bool Unbounded { get; internal init; }

    public int? Generation { get; internal init; }

    public bool Deleted { get; internal init; }

    internal HashSet<string> IncludedSet { get; init; } = [];

    internal HashSet<string> ExcludedSet { get; init; } = [];

    internal SegmentRule[] RuleArray => (SegmentRule[])Rules;
}
