using System.Text.Json;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class EvaluationResultTests
{
    private static readonly EvaluationContext AnyUser = EvaluationContext.Create("user", "u");

    [Theory]
    [InlineData(EvaluationReasonKind.Off, """{"kind":"OFF"}""")]
    [InlineData(EvaluationReasonKind.TargetMatch, """{"kind":"TARGET_MATCH"}""")]
    public void ToJson_SimpleReasons_UseLaunchDarklyNames(EvaluationReasonKind kind, string expected)
    {
        var reason = kind == EvaluationReasonKind.Off ? EvaluationReason.Off : EvaluationReason.TargetMatch;

        Assert.Equal(expected, reason.ToJson());
    }

    [Fact]
    public void ToJson_ReasonsWithDetails_MatchCanonicalForm()
    {
        Assert.Equal("""{"kind":"RULE_MATCH","ruleIndex":2,"ruleId":"r2","inExperiment":true}""", EvaluationReason.RuleMatch(2, "r2", inExperiment: true).ToJson());
        Assert.Equal("""{"kind":"RULE_MATCH","ruleIndex":0}""", EvaluationReason.RuleMatch(0, null).ToJson());
        Assert.Equal("""{"kind":"FALLTHROUGH"}""", EvaluationReason.Fallthrough().ToJson());
        Assert.Equal("""{"kind":"PREREQUISITE_FAILED","prerequisiteKey":"p"}""", EvaluationReason.PrerequisiteFailed("p").ToJson());
        Assert.Equal("""{"kind":"ERROR","errorKind":"CLIENT_NOT_READY"}""", EvaluationReason.ForError(EvaluationErrorKind.ClientNotReady).ToJson());
    }

    [Fact]
    public void Deserialize_CanonicalJson_RoundTrips()
    {
        var reason = EvaluationReason.RuleMatch(1, "r", inExperiment: true);

        Assert.Equal(reason, JsonSerializer.Deserialize<EvaluationReason>(reason.ToJson()));
    }

    [Fact]
    public void Evaluate_TypedCallWithVariationOfOtherType_IsWrongType()
    {
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag("checkout"));

        var detail = evaluator.EvaluateText("checkout", AnyUser, "fallback");

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.WrongType), detail.Reason);
        Assert.Equal("fallback", detail.Value.GetString());
    }

    [Fact]
    public void Evaluate_WholeNumberCallOnFractionalVariation_Truncates()
    {
        var flag = TestFlagData.BooleanFlag("limit");
        flag["variations"] = new System.Text.Json.Nodes.JsonArray(1, 2.75);
        var evaluator = TestFlagData.Evaluator(flag);

        var detail = evaluator.Evaluate("limit", AnyUser, JsonSerializer.SerializeToElement(0), FlagValueType.WholeNumber);

        Assert.Equal(2, detail.Value.GetInt32());
        Assert.Equal(1, detail.VariationIndex);
    }

    [Fact]
    public void EvaluateAll_ValidContext_EvaluatesEveryFlag()
    {
        var evaluator = TestFlagData.Evaluator(
            TestFlagData.BooleanFlag("a", TestFlagData.Rule("r", TestFlagData.Clause("key", "in", "u"))),
            TestFlagData.BooleanFlag("b"));

        var all = evaluator.EvaluateAll(AnyUser);

        Assert.True(all["a"].Value.GetBoolean());
        Assert.False(all["b"].Value.GetBoolean());
        Assert.Empty(evaluator.EvaluateAll(EvaluationContext.FromJson("""{"kind":"user"}""")));
    }
}
