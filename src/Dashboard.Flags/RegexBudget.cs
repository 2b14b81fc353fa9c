using System.Diagnostics;

namespace Dashboard.Flags;

/// <summary>
/// Time that evaluations may spend in <c>matches</c> regexes, shared by every evaluation it is passed to: one per
/// evaluation by default, or one for a whole batch (a version matrix) so that the batch as a whole stays short. Once it
/// is spent, a flag that reaches a <c>matches</c> clause is MALFORMED_FLAG (its result cannot be decided) rather than
/// silently treating the clause as not matching. Not thread-safe: use one per sequence of evaluations on one thread.
/// </summary>
public sealed class RegexBudget
{
    private long _limitTicks;
    private long _spentTicks;

    public RegexBudget(TimeSpan limit) => Reset(limit);

    /// <summary>The time this budget allows.</summary>
    public TimeSpan Limit { get; private set; }

    /// <summary>True once the regexes have used all of <see cref="Limit"/>.</summary>
    public bool IsSpent => _spentTicks >= _limitTicks;

    internal void Reset(TimeSpan limit)
    {
        Limit = limit;
        _limitTicks = (long)(limit.TotalSeconds * Stopwatch.Frequency);
        _spentTicks = 0;
    }

    internal void Spend(long ticks) => _spentTicks += ticks;
}
