namespace Dashboard.Flags.Model;

/// <summary>A targeting rule: when all clauses match, serve <see cref="Serve"/>.</summary>
public sealed class FlagRule
{
    public string? Id { get; internal init; }

    public IReadOnlyList<Clause> Clauses { get; internal init; } = [];

    public VariationOrRollout Serve { get; internal init; } = VariationOrRollout.None;

    public bool TrackEvents { get; internal init; }

    internal Clause[] ClauseArray => (Clause[])Clauses;
}
