using System.Text.Json.Nodes;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class PrerequisiteTests
{
    private static readonly EvaluationContext AnyUser = EvaluationContext.Create("user", "u");

    private static JsonObject WithPrerequisite(JsonObject flag, string prerequisiteKey, int variation = 0)
    {
        var prerequisites = flag["prerequisites"] as JsonArray ?? [];
        prerequisites.Add(new JsonObject { ["key"] = prerequisiteKey, ["variation"] = variation });
        flag["prerequisites"] = prerequisites;
        return flag;
    }

    [Fact]
    public void Evaluate_TwoFlagsRequiringEachOther_IsMalformedFlag()
    {
        var evaluator = TestFlagData.Evaluator(
            WithPrerequisite(TestFlagData.BooleanFlag("a"), "b"),
            WithPrerequisite(TestFlagData.BooleanFlag("b"), "a"));

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), evaluator.Evaluate("a", AnyUser, default).Reason);
        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), evaluator.Evaluate("b", AnyUser, default).Reason);
    }

    [Fact]
    public void Evaluate_FlagRequiringItself_IsMalformedFlag()
    {
        var evaluator = TestFlagData.Evaluator(WithPrerequisite(TestFlagData.BooleanFlag("a"), "a"));

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), evaluator.Evaluate("a", AnyUser, default).Reason);
    }

    [Fact]
    public void Evaluate_MissingPrerequisite_FailsWithOffVariation()
    {
        var evaluator = TestFlagData.Evaluator(WithPrerequisite(TestFlagData.BooleanFlag("a"), "gone"));

        var detail = evaluator.Evaluate("a", AnyUser, default);

        Assert.Equal(EvaluationReason.PrerequisiteFailed("gone"), detail.Reason);
        Assert.Equal(1, detail.VariationIndex);
    }

    [Fact]
    public void Evaluate_SharedPrerequisiteReachedTwice_IsNotACycle()
    {
        var evaluator = TestFlagData.Evaluator(
            WithPrerequisite(WithPrerequisite(TestFlagData.BooleanFlag("top"), "left", 1), "right", 1),
            WithPrerequisite(TestFlagData.BooleanFlag("left"), "base", 1),
            WithPrerequisite(TestFlagData.BooleanFlag("right"), "base", 1),
            TestFlagData.BooleanFlag("base"));

        Assert.Equal(EvaluationReason.Fallthrough(), evaluator.Evaluate("top", AnyUser, default).Reason);
    }
}
