using Dashboard.Flags.Contexts;

namespace Dashboard.Flags.Model;

/// <summary>A segment rule: all clauses match and, when <see cref="Weight"/> is set, the context buckets below it.</summary>
public sealed class SegmentRule
{
    public string? Id { get; internal init; }

    public IReadOnlyList<Clause> Clauses { get; internal init; } = [];

    /// <summary>Share of matching contexts included, in units of 1/100000; null includes all of them.</summary>
    public int? Weight { get; internal init; }

    public AttributeReference? BucketBy { get; internal init; }

    public string? RolloutContextKind { get; internal init; }

    internal Clause[] ClauseArray => (Clause[])Clauses;
}
