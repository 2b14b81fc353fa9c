using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Flags.Contexts;
using Dashboard.Flags.Model;

namespace Dashboard.Flags.Evaluation;

/// <summary>
/// One evaluation in progress: the store, the context, the chains of flags and segments being visited (for cycle
/// detection) and the results already worked out for this context, so that a prerequisite or segment reached
/// several times is evaluated once. Instances are reused per thread so that evaluation does not allocate;
/// evaluation never calls out to user code, so a scope is never re-entered.
/// </summary>
/// <remarks>
/// Recursion is bounded by <see cref="FlagDataLimits.MaxPrerequisiteDepth"/> and <see cref="FlagDataLimits.MaxSegmentDepth"/>:
/// past them the evaluation is MALFORMED_FLAG. A remembered result carries the height of what was evaluated below it,
/// so reusing it deeper in a chain gives the same answer as evaluating it again would.
/// </remarks>
internal sealed class EvaluationScope
{
    private const int ManyRememberedResults = 4096;

    [ThreadStatic]
    private static EvaluationScope? t_current;

    private readonly List<string> _prerequisiteChain = [];
    private readonly List<string> _segmentChain = [];
    private Dictionary<FeatureFlag, RememberedFlag> _flagResults = new(ReferenceEqualityComparer.Instance);
    private Dictionary<Segment, RememberedSegment> _segmentResults = new(ReferenceEqualityComparer.Instance);
    private FlagStore _store = FlagStore.Empty;
    private EvaluationContext _context = null!;
    private readonly RegexBudget _ownRegexBudget = new(TimeSpan.Zero);
    private RegexBudget _regexBudget = null!;

    /// <summary>
    /// Starts evaluating flags of <paramref name="store"/> for a valid <paramref name="context"/>; every
    /// <see cref="Evaluate"/> until <see cref="Exit"/> shares remembered results and one regex time budget: the store's
    /// <see cref="FlagStore.RegexTimeBudget"/>, or <paramref name="regexBudget"/> when the caller shares one over many scopes.
    /// </summary>
    public static EvaluationScope Enter(FlagStore store, EvaluationContext context, RegexBudget? regexBudget = null)
    {
        var scope = t_current ??= new EvaluationScope();
        scope._store = store;
        scope._context = context;
        if (regexBudget is null)
        {
            scope._ownRegexBudget.Reset(store.RegexTimeBudget);
            regexBudget = scope._ownRegexBudget;
        }

        scope._regexBudget = regexBudget;
        return scope;
    }

    /// <summary>Evaluates a flag that exists. The detail has no variation index when the caller's default applies.</summary>
    public EvaluationDetail Evaluate(FeatureFlag flag)
    {
        _prerequisiteChain.Clear();
        _segmentChain.Clear();
        if (_flagResults.Count > 0 && _flagResults.TryGetValue(flag, out var remembered))
        {
            return remembered.Detail;
        }

        EvaluationDetail detail;
        bool valid;
        int height;
        try
        {
            detail = EvaluateFlag(flag, depth: 0, out valid, out height);
        }
        catch (RegexBudgetSpentException)
        {
            // Its result depends on a regex there is no time left to run: an error, not a silently different variation.
            return Error(EvaluationErrorKind.MalformedFlag);
        }

        if (valid && flag.PrerequisiteArray.Length > 0)
        {
            _flagResults[flag] = new RememberedFlag(detail, height);
        }

        return detail;
    }

    public void Exit()
    {
        _context = null!;
        _store = FlagStore.Empty;
        _regexBudget = null!;
        _flagResults = Forget(_flagResults);
        _segmentResults = Forget(_segmentResults);
    }

    // A thread that once evaluated a huge store should not keep its tables, nor clear them on every later evaluation.
    private static Dictionary<TKey, TValue> Forget<TKey, TValue>(Dictionary<TKey, TValue> results)
        where TKey : class
    {
        if (results.Count > ManyRememberedResults)
        {
            return new Dictionary<TKey, TValue>(ReferenceEqualityComparer.Instance);
        }

        results.Clear();
        return results;
    }

    private static EvaluationDetail Error(EvaluationErrorKind kind) => new(default, null, EvaluationReason.ForError(kind));

    private static EvaluationDetail Variation(FeatureFlag flag, int index, EvaluationReason reason)
    {
        var variations = flag.VariationArray;
        return (uint)index < (uint)variations.Length
            ? new EvaluationDetail(variations[index], index, reason)
            : Error(EvaluationErrorKind.MalformedFlag);
    }

    private static EvaluationDetail OffValue(FeatureFlag flag, EvaluationReason reason) =>
        flag.OffVariation is { } off ? Variation(flag, off, reason) : new EvaluationDetail(default, null, reason);

    /// <param name="flag">The flag to evaluate.</param>
    /// <param name="depth">Prerequisite links between the flag asked for and this one.</param>
    /// <param name="valid">False when the whole evaluation must stop with MALFORMED_FLAG (bad reference, cycle, too deep).</param>
    /// <param name="height">Prerequisite links evaluated below this flag, at most.</param>
    private EvaluationDetail EvaluateFlag(FeatureFlag flag, int depth, out bool valid, out int height)
    {
        valid = true;
        height = 0;
        if (!flag.On)
        {
            return OffValue(flag, EvaluationReason.Off);
        }

        if (flag.PrerequisiteArray.Length > 0)
        {
            var failure = CheckPrerequisites(flag, depth, out valid, out height);
            if (!valid)
            {
                return Error(EvaluationErrorKind.MalformedFlag);
            }

            if (failure is { } reason)
            {
                return OffValue(flag, reason);
            }
        }

        if (MatchTargets(flag) is { } targetVariation)
        {
            return Variation(flag, targetVariation, EvaluationReason.TargetMatch);
        }

        var rules = flag.RuleArray;
        for (var ruleIndex = 0; ruleIndex < rules.Length; ruleIndex++)
        {
            var rule = rules[ruleIndex];
            var segmentHeight = 0;
            if (!TryMatchClauses(rule.ClauseArray, segmentDepth: 0, out var matched, ref segmentHeight))
            {
                valid = false;
                return Error(EvaluationErrorKind.MalformedFlag);
            }

            if (matched)
            {
                return Serve(flag, rule.Serve, EvaluationReason.RuleMatch(ruleIndex, rule.Id));
            }
        }

        return Serve(flag, flag.Fallthrough, EvaluationReason.Fallthrough());
    }

    private EvaluationReason? CheckPrerequisites(FeatureFlag flag, int depth, out bool valid, out int height)
    {
        valid = true;
        height = 0;
        _prerequisiteChain.Add(flag.Key);
        try
        {
            foreach (var prerequisite in flag.PrerequisiteArray)
            {
                var prerequisiteFlag = _store.GetFlag(prerequisite.Key);
                if (prerequisiteFlag is null)
                {
                    return EvaluationReason.PrerequisiteFailed(prerequisite.Key);
                }

                if (_prerequisiteChain.Contains(prerequisiteFlag.Key) || depth + 1 > FlagDataLimits.MaxPrerequisiteDepth)
                {
                    valid = false;
                    return null;
                }

                if (!_flagResults.TryGetValue(prerequisiteFlag, out var result))
                {
                    var detail = EvaluateFlag(prerequisiteFlag, depth + 1, out valid, out var prerequisiteHeight);
                    if (!valid)
                    {
                        return null;
                    }

                    result = new RememberedFlag(detail, prerequisiteHeight);
                    _flagResults[prerequisiteFlag] = result;
                }

                if (depth + 1 + result.Height > FlagDataLimits.MaxPrerequisiteDepth)
                {
                    valid = false;
                    return null;
                }

                height = Math.Max(height, result.Height + 1);

                // An off prerequisite fails even when its off variation is the required one.
                if (!prerequisiteFlag.On || result.Detail.VariationIndex != prerequisite.Variation)
                {
                    return EvaluationReason.PrerequisiteFailed(prerequisite.Key);
                }
            }

            return null;
        }
        finally
        {
            _prerequisiteChain.RemoveAt(_prerequisiteChain.Count - 1);
        }
    }

    private int? MatchTargets(FeatureFlag flag)
    {
        var contextTargets = flag.ContextTargetArray;
        if (contextTargets.Length == 0)
        {
            // Flag data from before contexts existed only has the user-keyed "targets" list.
            foreach (var target in flag.TargetArray)
            {
                if (TargetMatches(target))
                {
                    return target.Variation;
                }
            }

            return null;
        }

        foreach (var contextTarget in contextTargets)
        {
            // A user-kind entry without values is a placeholder that fixes the position of the old "targets" entry.
            if (IsDefaultKind(contextTarget.ContextKind) && contextTarget.Values.Count == 0)
            {
                foreach (var userTarget in flag.TargetArray)
                {
                    if (userTarget.Variation == contextTarget.Variation)
                    {
                        if (TargetMatches(userTarget))
                        {
                            return userTarget.Variation;
                        }

                        break;
                    }
                }
            }
            else if (TargetMatches(contextTarget))
            {
                return contextTarget.Variation;
            }
        }

        return null;
    }

    private bool TargetMatches(Target target) =>
        _context.IndividualByKind(target.ContextKind) is { } individual && target.ValueSet.Contains(individual.Key);

    private static bool IsDefaultKind(string? kind) =>
        string.IsNullOrEmpty(kind) || string.Equals(kind, EvaluationContext.DefaultKind, StringComparison.Ordinal);

    private EvaluationDetail Serve(FeatureFlag flag, VariationOrRollout serve, EvaluationReason reason)
    {
        if (serve.Variation is { } fixedVariation)
        {
            return Variation(flag, fixedVariation, reason);
        }

        var rollout = serve.Rollout;
        if (rollout is null || rollout.VariationArray.Length == 0)
        {
            return Error(EvaluationErrorKind.MalformedFlag);
        }

        var isExperiment = rollout.Kind == RolloutKind.Experiment;
        if (!Bucketing.TryComputeBucket(_context, isExperiment, rollout.Seed, rollout.ContextKind, flag.Key, rollout.BucketBy, flag.Salt, out var bucket, out var contextKindMissing))
        {
            return Error(EvaluationErrorKind.MalformedFlag);
        }

        var slices = rollout.VariationArray;
        var sum = 0f;
        foreach (var slice in slices)
        {
            sum += slice.Weight / 100000f;
            if (bucket < sum)
            {
                return Variation(flag, slice.Variation, WithExperiment(reason, isExperiment && !slice.Untracked && !contextKindMissing));
            }
        }

        // Rounding or weights not adding up to 100000: LaunchDarkly puts the context in the last slice.
        var last = slices[^1];
        return Variation(flag, last.Variation, WithExperiment(reason, isExperiment && !last.Untracked));
    }

    private static EvaluationReason WithExperiment(EvaluationReason reason, bool inExperiment)
    {
        if (!inExperiment)
        {
            return reason;
        }

        return reason.Kind == EvaluationReasonKind.RuleMatch
            ? EvaluationReason.RuleMatch(reason.RuleIndex!.Value, reason.RuleId, inExperiment: true)
            : EvaluationReason.Fallthrough(inExperiment: true);
    }

    /// <summary>All clauses must match; an empty list matches. Returns false when a clause is malformed.</summary>
    /// <param name="clauses">The clauses of one rule.</param>
    /// <param name="segmentDepth">SegmentMatch links between the flag and the segments these clauses reference.</param>
    /// <param name="matched">Whether every clause matched.</param>
    /// <param name="segmentHeight">Raised to the segmentMatch links evaluated below the rule's owner.</param>
    private bool TryMatchClauses(Clause[] clauses, int segmentDepth, out bool matched, ref int segmentHeight)
    {
        foreach (var clause in clauses)
        {
            if (!TryMatchClause(clause, segmentDepth, out matched, ref segmentHeight))
            {
                return false;
            }

            if (!matched)
            {
                return true;
            }
        }

        matched = true;
        return true;
    }

    private bool TryMatchClause(Clause clause, int segmentDepth, out bool matched, ref int segmentHeight)
    {
        matched = false;
        if (clause.Operator == ClauseOperator.SegmentMatch)
        {
            foreach (var value in clause.ParsedValues)
            {
                if (value.IsString && _store.GetSegment(value.Text!) is { } segment)
                {
                    if (!TryMatchRememberedSegment(segment, segmentDepth, out var inSegment, ref segmentHeight))
                    {
                        return false;
                    }

                    if (inSegment)
                    {
                        matched = !clause.Negate;
                        return true;
                    }
                }
            }

            matched = clause.Negate;
            return true;
        }

        var attribute = clause.Attribute;
        if (attribute is not { IsValid: true })
        {
            return false;
        }

        if (attribute.IsKindAttribute)
        {
            matched = MatchKind(clause) != clause.Negate;
            return true;
        }

        var individual = _context.IndividualByKind(clause.ContextKind);
        var contextValue = individual?.GetValue(attribute);
        if (contextValue is null)
        {
            // A missing attribute never matches, and negate does not turn that into a match.
            return true;
        }

        if (contextValue.Kind == JsonValueKind.Array)
        {
            var anyItemMatches = false;
            foreach (var item in contextValue.Items!)
            {
                if (MatchAny(clause, item))
                {
                    anyItemMatches = true;
                    break;
                }
            }

            matched = anyItemMatches != clause.Negate;
            return true;
        }

        matched = MatchAny(clause, contextValue) != clause.Negate;
        return true;
    }

    private bool MatchKind(Clause clause)
    {
        foreach (var individual in _context.IndividualArray)
        {
            if (MatchAny(clause, individual.KindValue))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchAny(Clause clause, AttributeValue contextValue)
    {
        var values = clause.ParsedValues;
        switch (clause.Operator)
        {
            case ClauseOperator.In:
                if (clause.StringValueSet is { } set && contextValue.IsString)
                {
                    return set.Contains(contextValue.Text!);
                }

                foreach (var value in values)
                {
                    if (contextValue.EqualsPrimitive(value))
                    {
                        return true;
                    }
                }

                return false;
            case ClauseOperator.StartsWith:
            case ClauseOperator.EndsWith:
            case ClauseOperator.Contains:
                return contextValue.IsString && MatchString(clause.Operator, contextValue.Text!, values);
            case ClauseOperator.Matches:
                return contextValue.IsString && MatchRegex(clause.Regexes, contextValue.Text!);
            case ClauseOperator.LessThan:
            case ClauseOperator.LessThanOrEqual:
            case ClauseOperator.GreaterThan:
            case ClauseOperator.GreaterThanOrEqual:
                return contextValue.IsNumber && MatchNumber(clause.Operator, contextValue.Number, values);
            case ClauseOperator.Before:
            case ClauseOperator.After:
                return Timestamp.TryFromValue(contextValue, out var nanos) && MatchTimestamp(clause.Operator, nanos, clause.Timestamps);
            case ClauseOperator.SemVerEqual:
            case ClauseOperator.SemVerLessThan:
            case ClauseOperator.SemVerGreaterThan:
                return contextValue.SemVer is { } version && MatchSemVer(clause.Operator, version, clause.SemVers);
            default:
                return false;
        }
    }

    private static bool MatchString(ClauseOperator op, string text, AttributeValue[] values)
    {
        foreach (var value in values)
        {
            if (!value.IsString)
            {
                continue;
            }

            var operand = value.Text!;
            var matched = op switch
            {
                ClauseOperator.StartsWith => text.StartsWith(operand, StringComparison.Ordinal),
                ClauseOperator.EndsWith => text.EndsWith(operand, StringComparison.Ordinal),
                _ => text.Contains(operand, StringComparison.Ordinal),
            };
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchRegex(Regex?[] regexes, string text)
    {
        foreach (var regex in regexes)
        {
            // A pattern that cannot finish within its own timeout is treated like one that does not match (as an invalid
            // pattern is); once the regex time budget is spent the flag cannot be decided and is MALFORMED_FLAG, so
            // pathological regexes in flag data can neither stall evaluation or pages nor silently change results.
            if (regex is null)
            {
                continue;
            }

            if (_regexBudget.IsSpent)
            {
                throw new RegexBudgetSpentException();
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                if (regex.IsMatch(text))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
            }
            finally
            {
                _regexBudget.Spend(Stopwatch.GetTimestamp() - started);
            }
        }

        return false;
    }

    private static bool MatchNumber(ClauseOperator op, double number, AttributeValue[] values)
    {
        foreach (var value in values)
        {
            if (!value.IsNumber)
            {
                continue;
            }

            var matched = op switch
            {
                ClauseOperator.LessThan => number < value.Number,
                ClauseOperator.LessThanOrEqual => number <= value.Number,
                ClauseOperator.GreaterThan => number > value.Number,
                _ => number >= value.Number,
            };
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchTimestamp(ClauseOperator op, Int128 contextNanos, Int128?[] operands)
    {
        foreach (var operand in operands)
        {
            if (operand is { } nanos && (op == ClauseOperator.Before ? contextNanos < nanos : contextNanos > nanos))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchSemVer(ClauseOperator op, LenientSemVer version, LenientSemVer?[] operands)
    {
        var expected = op switch
        {
            ClauseOperator.SemVerLessThan => -1,
            ClauseOperator.SemVerGreaterThan => 1,
            _ => 0,
        };
        foreach (var operand in operands)
        {
            if (operand is { } clauseVersion && version.ComparePrecedence(clauseVersion) == expected)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Segment membership, worked out once per scope; false when the segment is malformed, in a cycle or nested too deep.</summary>
    private bool TryMatchRememberedSegment(Segment segment, int depth, out bool matched, ref int segmentHeight)
    {
        matched = false;
        if (_segmentChain.Contains(segment.Key) || depth > FlagDataLimits.MaxSegmentDepth)
        {
            return false;
        }

        if (!_segmentResults.TryGetValue(segment, out var result))
        {
            var height = 0;
            if (!TryMatchSegment(segment, depth, out var inSegment, ref height))
            {
                return false;
            }

            result = new RememberedSegment(inSegment, height);
            _segmentResults[segment] = result;
        }

        if (depth + result.Height > FlagDataLimits.MaxSegmentDepth)
        {
            return false;
        }

        segmentHeight = Math.Max(segmentHeight, result.Height + 1);
        matched = result.Matched;
        return true;
    }

    private bool TryMatchSegment(Segment segment, int depth, out bool matched, ref int height)
    {
        matched = false;
        _segmentChain.Add(segment.Key);
        try
        {
            if (segment.Unbounded)
            {
                // Big segment membership lives in a store we do not have; LaunchDarkly without a big
                // segment store skips the lists and, for a segment without generation, matches nothing.
                if (segment.Generation is null)
                {
                    return true;
                }
            }
            else if (MatchSegmentTargets(segment) is { } explicitMembership)
            {
                matched = explicitMembership;
                return true;
            }

            foreach (var rule in segment.RuleArray)
            {
                if (!TryMatchSegmentRule(segment, rule, depth, out matched, ref height))
                {
                    return false;
                }

                if (matched)
                {
                    return true;
                }
            }

            return true;
        }
        finally
        {
            _segmentChain.RemoveAt(_segmentChain.Count - 1);
        }
    }

    private bool? MatchSegmentTargets(Segment segment)
    {
        var userKey = _context.IndividualByKind(EvaluationContext.DefaultKind)?.Key;
        var isOnlyUser = string.Equals(_context.Kind, EvaluationContext.DefaultKind, StringComparison.Ordinal);
        if (userKey is not null && segment.IncludedSet.Contains(userKey))
        {
            return true;
        }

        if (!isOnlyUser && AnySegmentTargetMatches(segment.IncludedContexts))
        {
            return true;
        }

        if (userKey is not null && segment.ExcludedSet.Contains(userKey))
        {
            return false;
        }

        if (!isOnlyUser && AnySegmentTargetMatches(segment.ExcludedContexts))
        {
            return false;
        }

        return null;
    }

    private bool AnySegmentTargetMatches(IReadOnlyList<SegmentTarget> targets)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            if (_context.IndividualByKind(targets[i].ContextKind) is { } individual && targets[i].ValueSet.Contains(individual.Key))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryMatchSegmentRule(Segment segment, SegmentRule rule, int depth, out bool matched, ref int height)
    {
        if (!TryMatchClauses(rule.ClauseArray, depth + 1, out matched, ref height))
        {
            return false;
        }

        if (!matched || rule.Weight is not { } weight)
        {
            return true;
        }

        if (!Bucketing.TryComputeBucket(_context, isExperiment: false, seed: null, rule.RolloutContextKind, segment.Key, rule.BucketBy, segment.Salt, out var bucket, out var contextKindMissing))
        {
            return false;
        }

        matched = !contextKindMissing && bucket < weight / 100000f;
        return true;
    }

    private readonly record struct RememberedFlag(EvaluationDetail Detail, int Height);

    private readonly record struct RememberedSegment(bool Matched, int Height);
}

/// <summary>Unwinds an evaluation whose remaining regexes cannot run because the regex time budget is spent.</summary>
#pragma warning disable CA1064, CA1032 // Never leaves the evaluator: EvaluationScope.Evaluate catches it.
internal sealed class RegexBudgetSpentException : Exception;
#pragma warning restore CA1064, CA1032
