using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class FlagDataLimitsTests
{
    private const string CatastrophicPattern = @"^(\w+\s?)*$";

    private static readonly EvaluationContext AnyUser = EvaluationContext.Create("user", "u");

    private static FlagStore Load(IEnumerable<JsonObject> flags, IEnumerable<JsonObject>? segments = null, TimeSpan? regexMatchTimeout = null, TimeSpan? regexTimeBudget = null)
    {
        var result = FlagStore.Load(TestFlagData.Data(flags, segments), regexMatchTimeout, regexTimeBudget);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Store!;
    }

    /// <summary>Segments s0 → s1 → … → s{links} through segmentMatch clauses; the last one includes every user.</summary>
    private static IEnumerable<JsonObject> SegmentChain(int links)
    {
        for (var i = 0; i < links; i++)
        {
            yield return TestFlagData.Segment($"s{i}", TestFlagData.Rule("r", TestFlagData.SegmentMatch($"s{i + 1}")));
        }

        yield return TestFlagData.Segment($"s{links}", TestFlagData.Rule("r", TestFlagData.Clause("key", "startsWith", "")));
    }

    private static JsonObject FlagInSegment(string segmentKey) => TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("members", TestFlagData.SegmentMatch(segmentKey)));

    [Fact]
    public void Evaluate_SegmentsNestedAsDeepAsTheLimit_MatchTheRule()
    {
        var evaluator = new FlagEvaluator(Load([FlagInSegment("s0")], SegmentChain(FlagDataLimits.MaxSegmentDepth)));

        Assert.Equal(EvaluationReason.RuleMatch(0, "members"), evaluator.Evaluate("checkout", AnyUser, default).Reason);
    }

    [Fact]
    public void Evaluate_StoredSegmentsNested20000Deep_IsMalformedFlagWithoutDeepRecursion()
    {
        var evaluator = new FlagEvaluator(Load([FlagInSegment("s0")], SegmentChain(20_000)));
        EvaluationDetail detail = default;

        var thread = new Thread(() => detail = evaluator.Evaluate("checkout", AnyUser, default), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), detail.Reason);
    }

    [Fact]
    public void Evaluate_RegexTimeBudgetSpent_IsMalformedFlagRatherThanANonMatch()
    {
        var timeout = TimeSpan.FromMilliseconds(20);
        var slowInput = new string('a', 40) + "!";
        Assert.Throws<RegexMatchTimeoutException>(() => new Regex(CatastrophicPattern, RegexOptions.CultureInvariant, timeout).IsMatch(slowInput));
        var flag = TestFlagData.BooleanFlag(
            "checkout",
            TestFlagData.Rule("slow", TestFlagData.Clause("name", "matches", CatastrophicPattern, CatastrophicPattern, CatastrophicPattern)),
            TestFlagData.Rule("bang", TestFlagData.Clause("name", "matches", "!$")));
        var evaluator = new FlagEvaluator(Load([flag], regexMatchTimeout: timeout, regexTimeBudget: timeout));

        var withinBudget = evaluator.Evaluate("checkout", EvaluationContext.FromJson("""{"kind":"user","key":"u","name":"hey!"}"""), default);
        var budgetSpent = evaluator.Evaluate("checkout", EvaluationContext.FromJson($$"""{"kind":"user","key":"u","name":"{{slowInput}}"}"""), default);

        Assert.Equal(EvaluationReason.RuleMatch(1, "bang"), withinBudget.Reason);
        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), budgetSpent.Reason);
        Assert.Null(budgetSpent.VariationIndex);
    }

    [Fact]
    public void EvaluateAll_RegexTimeBudgetSpentByOneFlag_LaterRegexFlagsAreMalformedAndOthersStillEvaluate()
    {
        var timeout = TimeSpan.FromMilliseconds(20);
        var slowName = new string('a', 40) + "!";
        var evaluator = new FlagEvaluator(Load(
            [
                TestFlagData.BooleanFlag("a-slow", TestFlagData.Rule("slow", TestFlagData.Clause("name", "matches", CatastrophicPattern, CatastrophicPattern))),
                TestFlagData.BooleanFlag("b-regex", TestFlagData.Rule("bang", TestFlagData.Clause("name", "matches", "!$"))),
                TestFlagData.BooleanFlag("c-plain", TestFlagData.Rule("bang", TestFlagData.Clause("name", "endsWith", "!"))),
            ],
            regexMatchTimeout: timeout,
            regexTimeBudget: TimeSpan.FromMilliseconds(10)));

        var all = evaluator.EvaluateAll(EvaluationContext.FromJson($$"""{"kind":"user","key":"u","name":"{{slowName}}"}"""));

        // The flag whose second pattern had no time left is an error, not a fallthrough; b-regex is one too when it
        // comes after it in the store's order. The flag without regexes is evaluated as usual.
        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), all["a-slow"].Reason);
        Assert.Equal(EvaluationReason.RuleMatch(0, "bang"), all["c-plain"].Reason);
    }

    [Fact]
    public void Evaluate_SharedRegexBudget_SpentByOneEvaluation_LeavesLaterEvaluationsMalformed()
    {
        var timeout = TimeSpan.FromMilliseconds(20);
        var flag = TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("slow", TestFlagData.Clause("name", "matches", CatastrophicPattern)));
        var evaluator = new FlagEvaluator(Load([flag], regexMatchTimeout: timeout, regexTimeBudget: TimeSpan.FromMinutes(1)));
        var budget = new RegexBudget(TimeSpan.FromMilliseconds(10));
        var slow = EvaluationContext.FromJson($$"""{"kind":"user","key":"u","name":"{{new string('a', 40)}}!"}""");
        var fast = EvaluationContext.FromJson("""{"kind":"user","key":"u","name":"fast"}""");

        var first = evaluator.Evaluate("checkout", slow, default, budget);
        var second = evaluator.Evaluate("checkout", fast, default, budget);

        Assert.Equal(EvaluationReason.Fallthrough(), first.Reason);
        Assert.True(budget.IsSpent);
        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), second.Reason);
        Assert.Equal(EvaluationReason.RuleMatch(0, "slow"), evaluator.Evaluate("checkout", fast, default).Reason);
    }

    [Fact]
    public void Check_ChainAsDeepAsTheLimit_HasNoErrors()
    {
        Assert.Empty(FlagDataLimits.Check(Load(PrerequisiteTests.Chain(FlagDataLimits.MaxPrerequisiteDepth))));
    }

    [Fact]
    public void Check_ChainOf20000Flags_OneErrorNamingTheTopFlagAndTheLimit()
    {
        var errors = FlagDataLimits.Check(Load(PrerequisiteTests.Chain(19_999)));

        Assert.Equal(
            $"flag \"c0\": prerequisites nest 19999 levels deep (c0 → c1 → c2 → c3 → …); at most {FlagDataLimits.MaxPrerequisiteDepth} levels are allowed",
            Assert.Single(errors));
    }

    [Fact]
    public void Check_PrerequisiteCycle_IsLeftToEvaluation()
    {
        var a = TestFlagData.BooleanFlag("a");
        a["prerequisites"] = new JsonArray(new JsonObject { ["key"] = "b", ["variation"] = 0 });
        var b = TestFlagData.BooleanFlag("b");
        b["prerequisites"] = new JsonArray(new JsonObject { ["key"] = "a", ["variation"] = 0 });

        Assert.Empty(FlagDataLimits.Check(Load([a, b])));
    }

    [Fact]
    public void Check_SegmentsNestedTooDeep_ErrorNamesTheTopSegmentAndTheLimit()
    {
        var errors = FlagDataLimits.Check(Load([FlagInSegment("s0")], SegmentChain(FlagDataLimits.MaxSegmentDepth + 1)));

        Assert.StartsWith($"segment \"s0\": segmentMatch clauses nest {FlagDataLimits.MaxSegmentDepth + 1} levels deep", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TooManyAndTooLongRegexes_ErrorsNameFlagRuleClauseAndLimit()
    {
        var patterns = Enumerable.Range(0, FlagDataLimits.MaxRegexPatterns).Select(i => (JsonNode?)$"^{i}$").ToArray();
        var flag = TestFlagData.BooleanFlag(
            "checkout",
            TestFlagData.Rule("many", TestFlagData.Clause("email", "matches", patterns)),
            TestFlagData.Rule("long", TestFlagData.Clause("name", "in", "x"), TestFlagData.Clause("email", "matches", new string('a', FlagDataLimits.MaxRegexPatternLength + 1))));

        var errors = FlagDataLimits.Check(Load([flag]));

        Assert.Equal(
            [
                $"flag \"checkout\": rules[1].clauses[1].values[0] is \"matches\" pattern number {FlagDataLimits.MaxRegexPatterns + 1} of the flag; at most {FlagDataLimits.MaxRegexPatterns} are allowed in all its rules",
                $"flag \"checkout\": rules[1].clauses[1].values[0] is a \"matches\" pattern of {FlagDataLimits.MaxRegexPatternLength + 1} characters; at most {FlagDataLimits.MaxRegexPatternLength} are allowed",
            ],
            errors);
    }
}
