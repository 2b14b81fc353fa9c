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

    /// <summary>Flags c0 → c1 → … → c{links}, each requiring the next to serve true; the last one falls through to true.</summary>
    public static IEnumerable<JsonObject> Chain(int links)
    {
        for (var i = 0; i <= links; i++)
        {
            var flag = TestFlagData.BooleanFlag($"c{i}");
            flag["fallthrough"] = new JsonObject { ["variation"] = 0 };
            yield return i < links ? WithPrerequisite(flag, $"c{i + 1}") : flag;
        }
    }

    /// <summary>Runs on a thread with a small stack, so any recursion as deep as the data would overflow it.</summary>
    private static T OnSmallStack<T>(Func<T> evaluate)
    {
        T result = default!;
        var thread = new Thread(() => result = evaluate(), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        return result;
    }

    [Fact]
    public void Evaluate_ChainAsDeepAsTheLimit_ServesTheChainsValue()
    {
        var evaluator = TestFlagData.Evaluator([.. Chain(FlagDataLimits.MaxPrerequisiteDepth)], []);

        var detail = evaluator.Evaluate("c0", AnyUser, default);

        Assert.Equal(EvaluationReason.Fallthrough(), detail.Reason);
        Assert.Equal(0, detail.VariationIndex);
    }

    [Fact]
    public void Evaluate_ChainOneLevelDeeperThanTheLimit_IsMalformedFlag()
    {
        var evaluator = TestFlagData.Evaluator([.. Chain(FlagDataLimits.MaxPrerequisiteDepth + 1)], []);

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), evaluator.Evaluate("c0", AnyUser, default).Reason);
        Assert.Equal(EvaluationReason.Fallthrough(), evaluator.Evaluate("c1", AnyUser, default).Reason);
    }

    [Fact]
    public void Evaluate_StoredChainOf20000Flags_IsMalformedFlagWithoutDeepRecursion()
    {
        // Stored before the import limit existed: loading does not refuse it, evaluation must still not recurse 20,000 deep.
        var evaluator = TestFlagData.Evaluator([.. Chain(20_000)], []);

        var detail = OnSmallStack(() => evaluator.Evaluate("c0", AnyUser, default));

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), detail.Reason);
    }

    [Fact]
    public void EvaluateAll_StoredChainDeeperThanTheLimit_OnlyFlagsWithTooDeepChainsAreMalformed()
    {
        const int links = 2_000;
        var evaluator = TestFlagData.Evaluator([.. Chain(links)], []);

        var all = OnSmallStack(() => evaluator.EvaluateAll(AnyUser));

        Assert.Equal(links + 1, all.Count);
        var malformed = all.Where(f => f.Value.Reason == EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag)).Select(f => f.Key).ToHashSet();
        var expected = Enumerable.Range(0, links - FlagDataLimits.MaxPrerequisiteDepth).Select(i => $"c{i}").ToHashSet();
        Assert.Equal(expected, malformed);
        Assert.Equal(EvaluationReason.Fallthrough(), all[$"c{links - FlagDataLimits.MaxPrerequisiteDepth}"].Reason);
    }

    [Fact]
    public void EvaluateAll_ChainAsDeepAsTheLimit_EveryFlagServesTheSameAsEvaluatingItAlone()
    {
        var evaluator = TestFlagData.Evaluator([.. Chain(FlagDataLimits.MaxPrerequisiteDepth)], []);

        var all = evaluator.EvaluateAll(AnyUser);

        Assert.Equal(FlagDataLimits.MaxPrerequisiteDepth + 1, all.Count);
        Assert.All(all, flag => Assert.Equal(evaluator.Evaluate(flag.Key, AnyUser, default), flag.Value));
    }

    [Fact]
    public void Evaluate_DiamondsOfSharedPrerequisites_EachIsEvaluatedOnceAndTheTopFallsThrough()
    {
        // Every level has two flags requiring both flags of the level below: evaluated again on each path that is 2^60 evaluations.
        const int levels = 60;
        var flags = new List<JsonObject>();
        for (var level = 0; level <= levels; level++)
        {
            foreach (var side in new[] { "l", "r" })
            {
                var flag = TestFlagData.BooleanFlag($"{side}{level}");
                flag["fallthrough"] = new JsonObject { ["variation"] = 0 };
                flags.Add(level < levels ? WithPrerequisite(WithPrerequisite(flag, $"l{level + 1}"), $"r{level + 1}") : flag);
            }
        }

        var evaluator = TestFlagData.Evaluator(flags, []);

        Assert.Equal(EvaluationReason.Fallthrough(), evaluator.Evaluate("l0", AnyUser, default).Reason);
    }
}
