using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class ClauseEvaluationTests
{
    private static EvaluationContext User(string attribute, string value) =>
        EvaluationContext.FromJson(new JsonObject { ["kind"] = "user", ["key"] = "u", [attribute] = value }.ToJsonString());

    [Fact]
    public void Evaluate_UnknownOperator_DoesNotMatchAndLaterRulesStillApply()
    {
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag(
            "checkout",
            TestFlagData.Rule("future", TestFlagData.Clause("email", "isOneOfTheNewOperators", "a@b.c")),
            TestFlagData.Rule("fallback", TestFlagData.Clause("email", "endsWith", "@b.c"))));

        var detail = evaluator.Evaluate("checkout", User("email", "a@b.c"), default);

        Assert.Equal(EvaluationReason.RuleMatch(1, "fallback"), detail.Reason);
    }

    [Fact]
    public void Evaluate_RegexThatDoesNotCompile_IsANonMatch()
    {
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r", TestFlagData.Clause("email", "matches", "(unclosed"))));

        var detail = evaluator.Evaluate("checkout", User("email", "(unclosed"), default);

        Assert.Equal(EvaluationReason.Fallthrough(), detail.Reason);
    }

    [Fact]
    public void Evaluate_CatastrophicBacktrackingRegex_TimesOutAsNonMatch()
    {
        const string Pattern = @"^(\w+\s?)*$";
        var input = new string('a', 40) + "!";
        var timeout = TimeSpan.FromMilliseconds(20);
        Assert.Throws<RegexMatchTimeoutException>(() => new Regex(Pattern, RegexOptions.CultureInvariant, timeout).IsMatch(input));
        var evaluator = TestFlagData.Evaluator(
            [TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r", TestFlagData.Clause("name", "matches", Pattern)))],
            [],
            timeout);
        var stopwatch = Stopwatch.StartNew();

        var detail = evaluator.Evaluate("checkout", User("nickname", "x"), default);
        var timedOut = evaluator.Evaluate("checkout", EvaluationContext.FromJson($$"""{"kind":"user","key":"u","name":"{{input}}"}"""), default);

        Assert.Equal(EvaluationReason.Fallthrough(), detail.Reason);
        Assert.Equal(EvaluationReason.Fallthrough(), timedOut.Reason);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Evaluate_NegatedClauseOnMissingAttribute_StillDoesNotMatch()
    {
        var clause = TestFlagData.Clause("plan", "in", "free");
        clause["negate"] = true;
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r", clause)));

        Assert.Equal(EvaluationReason.Fallthrough(), evaluator.Evaluate("checkout", User("email", "x"), default).Reason);
        Assert.Equal(EvaluationReason.RuleMatch(0, "r"), evaluator.Evaluate("checkout", User("plan", "paid"), default).Reason);
    }

    [Theory]
    [InlineData("semVerLessThan", "2", "1.9.9", true)]
    [InlineData("semVerLessThan", "2.0.0", "2-rc.1", true)]
    [InlineData("semVerEqual", "2.1", "2.1.0+build.5", true)]
    [InlineData("semVerGreaterThan", "2.0.0-rc.2", "2.0.0-rc.10", true)]
    [InlineData("semVerEqual", "2.0.0", "v2.0.0", false)]
    [InlineData("semVerEqual", "2.0.0", "02.0.0", false)]
    public void Evaluate_SemVerClause_UsesLaunchDarklyLenientParsing(string op, string clauseVersion, string contextVersion, bool expectMatch)
    {
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r", TestFlagData.Clause("appVersion", op, clauseVersion))));

        var detail = evaluator.Evaluate("checkout", User("appVersion", contextVersion), default);

        Assert.Equal(expectMatch, detail.Reason.Kind == EvaluationReasonKind.RuleMatch);
    }

    [Theory]
    [InlineData("/a~b")]
    [InlineData("///")]
    [InlineData("")]
    public void Evaluate_InvalidAttributeReference_IsMalformedFlag(string attribute)
    {
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r", TestFlagData.Clause(attribute, "in", "x"))));

        var detail = evaluator.Evaluate("checkout", User("a", "x"), new JsonObject { ["fallback"] = true });

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), detail.Reason);
        Assert.True(detail.Value.GetProperty("fallback").GetBoolean());
        Assert.Null(detail.VariationIndex);
    }

    [Fact]
    public void Evaluate_SegmentsReferencingEachOther_IsMalformedFlag()
    {
        var evaluator = TestFlagData.Evaluator(
            [TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r", TestFlagData.SegmentMatch("a")))],
            [TestFlagData.Segment("a", TestFlagData.Rule("ra", TestFlagData.SegmentMatch("b"))), TestFlagData.Segment("b", TestFlagData.Rule("rb", TestFlagData.SegmentMatch("a")))]);

        var detail = evaluator.Evaluate("checkout", User("email", "x"), default);

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), detail.Reason);
    }
}
