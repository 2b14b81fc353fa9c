using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Flags.Contexts;

namespace Dashboard.Flags.Model;

/// <summary>
/// One condition of a rule. Operand values are parsed once at load time (numbers, timestamps,
/// semvers, regexes) so evaluation never re-parses flag data.
/// </summary>
public sealed class Clause
{
    public string? ContextKind { get; internal init; }

    /// <summary>The attribute to test; null when the flag data left it empty (an error unless the operator is segmentMatch).</summary>
    public AttributeReference? Attribute { get; internal init; }

    public ClauseOperator Operator { get; internal init; }

    /// <summary>The operator name as written, so unknown operators can still be shown.</summary>
    public string OperatorName { get; internal init; } = string.Empty;

    public IReadOnlyList<JsonElement> Values { get; internal init; } = [];

    public bool Negate { get; internal init; }

    internal AttributeValue[] ParsedValues { get; init; } = [];

    /// <summary>Set for <c>in</c> with many string values, so large lists are a hash lookup.</summary>
    internal HashSet<string>? StringValueSet { get; init; }

    internal Int128?[] Timestamps { get; init; } = [];

    internal LenientSemVer?[] SemVers { get; init; } = [];

    internal Regex?[] Regexes { get; init; } = [];

    /// <summary>Operand values that are valid semantic versions (empty unless this is a semVer operator).</summary>
    public IEnumerable<LenientSemVer> SemVerValues
    {
        get
        {
            foreach (var version in SemVers)
            {
                if (version is { } value)
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>Operand values that are valid timestamps (empty unless this is before/after).</summary>
    public IEnumerable<DateTimeOffset> DateValues
    {
        get
        {
            foreach (var nanos in Timestamps)
            {
                if (nanos is { } value)
                {
                    var ticks = (long)(value / 100);
                    var unixEpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;
                    if (ticks >= DateTimeOffset.MinValue.UtcTicks - unixEpochTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks - unixEpochTicks)
                    {
                        yield return DateTimeOffset.UnixEpoch.AddTicks(ticks);
                    }
                }
            }
        }
    }
}
