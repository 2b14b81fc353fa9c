using Dashboard.Flags.Model;

namespace Dashboard.Flags;

/// <summary>
/// Read-only walks over flag rules for dashboard views (rule tester, version matrix): which clauses a
/// flag has and which semver or date boundaries they test.
/// </summary>
public static class FlagInspector
{
    /// <summary>
    /// Every clause of the flag's rules, then (when <paramref name="store"/> is given) of the rules of
    /// segments it references through segmentMatch, recursively; each segment is visited once.
    /// </summary>
    public static IEnumerable<ClauseLocation> EnumerateClauses(FeatureFlag flag, FlagStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(flag);
        var visitedSegments = new HashSet<string>(StringComparer.Ordinal);
        var pendingSegments = new Queue<string>();
        for (var ruleIndex = 0; ruleIndex < flag.Rules.Count; ruleIndex++)
        {
            var clauses = flag.Rules[ruleIndex].Clauses;
            for (var clauseIndex = 0; clauseIndex < clauses.Count; clauseIndex++)
            {
                QueueSegments(clauses[clauseIndex], visitedSegments, pendingSegments);
                yield return new ClauseLocation(flag.Key, null, ruleIndex, clauseIndex, clauses[clauseIndex]);
            }
        }

        while (store is not null && pendingSegments.TryDequeue(out var segmentKey))
        {
            if (store.GetSegment(segmentKey) is not { } segment)
            {
                continue;
            }

            for (var ruleIndex = 0; ruleIndex < segment.Rules.Count; ruleIndex++)
            {
                var clauses = segment.Rules[ruleIndex].Clauses;
                for (var clauseIndex = 0; clauseIndex < clauses.Count; clauseIndex++)
                {
                    QueueSegments(clauses[clauseIndex], visitedSegments, pendingSegments);
                    yield return new ClauseLocation(flag.Key, segment.Key, ruleIndex, clauseIndex, clauses[clauseIndex]);
                }
            }
        }
    }

    /// <summary>Distinct semantic versions tested by semVer clauses, in ascending precedence.</summary>
    public static IReadOnlyList<LenientSemVer> FindSemVerBoundaries(FeatureFlag flag, FlagStore? store = null)
    {
        var versions = new SortedSet<LenientSemVer>();
        foreach (var location in EnumerateClauses(flag, store))
        {
            versions.UnionWith(location.Clause.SemVerValues);
        }

        return [.. versions];
    }

    /// <summary>Distinct instants tested by before/after clauses, ascending.</summary>
    public static IReadOnlyList<DateTimeOffset> FindDateBoundaries(FeatureFlag flag, FlagStore? store = null)
    {
        var dates = new SortedSet<DateTimeOffset>();
        foreach (var location in EnumerateClauses(flag, store))
        {
            dates.UnionWith(location.Clause.DateValues);
        }

        return [.. dates];
    }

    private static void QueueSegments(Clause clause, HashSet<string> visited, Queue<string> pending)
    {
        if (clause.Operator != ClauseOperator.SegmentMatch)
        {
            return;
        }

        foreach (var value in clause.Values)
        {
            if (value.ValueKind == System.Text.Json.JsonValueKind.String && visited.Add(value.GetString()!))
            {
                pending.Enqueue(value.GetString()!);
            }
        }
    }
}
