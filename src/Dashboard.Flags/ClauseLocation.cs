using Dashboard.Flags.Model;

namespace Dashboard.Flags;

/// <summary>Where a clause sits: in a flag rule, or in a rule of a segment the flag references.</summary>
/// <param name="FlagKey">The flag being inspected.</param>
/// <param name="SegmentKey">The segment holding the clause, or null for the flag's own rules.</param>
/// <param name="RuleIndex">Index of the rule in the flag or segment.</param>
/// <param name="ClauseIndex">Index of the clause in the rule.</param>
/// <param name="Clause">The clause itself.</param>
public sealed record ClauseLocation(string FlagKey, string? SegmentKey, int RuleIndex, int ClauseIndex, Clause Clause);
