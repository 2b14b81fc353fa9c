namespace Dashboard.Flags.Model;

/// <summary>Keys of one context kind that a segment includes or excludes explicitly.</summary>
public sealed class SegmentTarget
{
    public string? ContextKind { get; internal init; }

    public IReadOnlyList<string> Values { get; internal init; } = [];

    internal HashSet<string> ValueSet { get; init; } = [];
}
