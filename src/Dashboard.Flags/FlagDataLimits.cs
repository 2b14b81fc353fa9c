using System.Text.Json;
using Dashboard.Flags.Model;

namespace Dashboard.Flags;

/// <summary>
/// Bounds that keep one evaluation short and its recursion shallow, whatever the flag data. Imports and syncs refuse
/// data past them (<see cref="Check"/>); for data stored before they existed the evaluator answers MALFORMED_FLAG past
/// the depth limits (as LaunchDarkly does for a prerequisite cycle) and stops running regexes once
/// <see cref="RegexTimeBudget"/> is spent (answering MALFORMED_FLAG for a flag that needed one).
/// </summary>
public static class FlagDataLimits
{
    /// <summary>Most prerequisite links below a flag: a chain a → b → c is 2 deep, so a chain may hold 101 flags.</summary>
    public const int MaxPrerequisiteDepth = 100;

    /// <summary>Most <c>segmentMatch</c> links below a segment through the rules of the segments it references.</summary>
    public const int MaxSegmentDepth = 100;

    /// <summary>Most <c>matches</c> patterns in all the rules of one flag, or of one segment.</summary>
    public const int MaxRegexPatterns = 100;

    /// <summary>Longest <c>matches</c> pattern, in characters.</summary>
    public const int MaxRegexPatternLength = 1000;

    /// <summary>
    /// Time one evaluation (of one flag, one evaluate-all, or every cell of one version matrix through a shared
    /// <see cref="RegexBudget"/>) may spend in <c>matches</c> regexes. Once it is spent, a flag that reaches a
    /// <c>matches</c> clause is MALFORMED_FLAG (a single regex that times out still counts as not matching); a regex
    /// already running can still use its own timeout (<see cref="FlagStore.DefaultRegexMatchTimeout"/>).
    /// </summary>
    public static readonly TimeSpan RegexTimeBudget = TimeSpan.FromMilliseconds(250);

    /// <summary>Every place where the data exceeds a limit, each naming the flag or segment, where, and the limit.</summary>
    public static IReadOnlyList<string> Check(FlagStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var errors = new List<string>();
        foreach (var (key, flag) in store.Flags.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!flag.Deleted)
            {
                CheckRegexes("flag", key, flag.Rules.Select(r => r.Clauses), errors);
            }
        }

        foreach (var (key, segment) in store.Segments.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!segment.Deleted)
            {
                CheckRegexes("segment", key, segment.Rules.Select(r => r.Clauses), errors);
            }
        }

        CheckDepth(
            LiveKeys(store.Flags, f => f.Deleted),
            key => store.GetFlag(key)!.Prerequisites.Select(p => p.Key).Where(p => store.GetFlag(p) is not null),
            MaxPrerequisiteDepth,
            (key, depth, chain) => $"flag \"{key}\": prerequisites nest {depth} levels deep ({chain}); at most {MaxPrerequisiteDepth} levels are allowed",
            errors);
        CheckDepth(
            LiveKeys(store.Segments, s => s.Deleted),
            key => ReferencedSegments(store, store.GetSegment(key)!),
            MaxSegmentDepth,
            (key, depth, chain) => $"segment \"{key}\": segmentMatch clauses nest {depth} levels deep ({chain}); at most {MaxSegmentDepth} levels are allowed",
            errors);
        return errors;
    }

    private static void CheckRegexes(string kind, string key, IEnumerable<IReadOnlyList<Clause>> rules, List<string> errors)
    {
        var owner = $"{kind} \"{key}\"";
        var patterns = 0;
        var ruleIndex = 0;
        foreach (var clauses in rules)
        {
            for (var clauseIndex = 0; clauseIndex < clauses.Count; clauseIndex++)
            {
                var clause = clauses[clauseIndex];
                if (clause.Operator != ClauseOperator.Matches)
                {
                    continue;
                }

                var path = $"rules[{ruleIndex}].clauses[{clauseIndex}]";
                for (var valueIndex = 0; valueIndex < clause.Values.Count; valueIndex++)
                {
                    var value = clause.Values[valueIndex];
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (++patterns == MaxRegexPatterns + 1)
                    {
                        errors.Add($"{owner}: {path}.values[{valueIndex}] is \"matches\" pattern number {patterns} of the {kind}; at most {MaxRegexPatterns} are allowed in all its rules");
                    }

                    if (value.GetString()!.Length > MaxRegexPatternLength)
                    {
                        errors.Add($"{owner}: {path}.values[{valueIndex}] is a \"matches\" pattern of {value.GetString()!.Length} characters; at most {MaxRegexPatternLength} are allowed");
                    }
                }
            }

            ruleIndex++;
        }
    }

    private static IEnumerable<string> LiveKeys<T>(IReadOnlyDictionary<string, T> items, Func<T, bool> deleted) =>
        items.Where(i => !deleted(i.Value)).Select(i => i.Key).Order(StringComparer.Ordinal);

    private static IEnumerable<string> ReferencedSegments(FlagStore store, Segment segment) =>
        segment.Rules.SelectMany(r => r.Clauses)
            .Where(c => c.Operator == ClauseOperator.SegmentMatch)
            .SelectMany(c => c.Values)
            .Where(v => v.ValueKind == JsonValueKind.String && store.GetSegment(v.GetString()!) is not null)
            .Select(v => v.GetString()!);

    /// <summary>
    /// Longest chain of references below each key, walked without recursion so that any depth is measured safely.
    /// A reference back into the chain being walked (a cycle) is not counted: evaluation reports cycles itself. Only
    /// the top of each too-deep chain is reported, not every key below it.
    /// </summary>
    private static void CheckDepth(IEnumerable<string> keys, Func<string, IEnumerable<string>> references, int limit, Func<string, int, string, string> describe, List<string> errors)
    {
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        var deepestNext = new Dictionary<string, string>(StringComparer.Ordinal);
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var path = new Stack<(string Key, IEnumerator<string> References)>();
        var allKeys = keys.ToList();
        foreach (var start in allKeys)
        {
            if (depths.ContainsKey(start))
            {
                continue;
            }

            path.Push((start, references(start).GetEnumerator()));
            onPath.Add(start);
            while (path.TryPeek(out var top))
            {
                if (top.References.MoveNext())
                {
                    var next = top.References.Current;
                    if (!depths.ContainsKey(next) && onPath.Add(next))
                    {
                        path.Push((next, references(next).GetEnumerator()));
                    }

                    continue;
                }

                path.Pop();
                top.References.Dispose();
                var depth = 0;
                foreach (var next in references(top.Key))
                {
                    if (depths.TryGetValue(next, out var below) && below + 1 > depth)
                    {
                        depth = below + 1;
                        deepestNext[top.Key] = next;
                    }
                }

                depths[top.Key] = depth;
                onPath.Remove(top.Key);
            }
        }

        var belowTooDeep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in allKeys.Where(k => depths[k] > limit))
        {
            belowTooDeep.UnionWith(references(key).Where(next => depths[next] < depths[key]));
        }

        foreach (var key in allKeys.Where(k => depths[k] > limit && !belowTooDeep.Contains(k)))
        {
            errors.Add(describe(key, depths[key], Chain(key, deepestNext)));
        }
    }

    private static string Chain(string key, Dictionary<string, string> deepestNext)
    {
        var keys = new List<string> { key };
        while (keys.Count < 4 && deepestNext.TryGetValue(keys[^1], out var next))
        {
            keys.Add(next);
        }

        return string.Join(" → ", keys) + (deepestNext.ContainsKey(keys[^1]) ? " → …" : string.Empty);
    }
}
