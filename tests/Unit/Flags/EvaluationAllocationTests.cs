using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class EvaluationAllocationTests
{
    [Fact]
    public void Evaluate_AfterWarmUp_AllocatesNothing()
    {
        var rollout = TestFlagData.Rule("rollout", TestFlagData.Clause("appVersion", "semVerLessThan", "4.0"), TestFlagData.Clause("signup", "after", 0));
        rollout.Remove("variation");
        rollout["rollout"] = new JsonObject
        {
            ["kind"] = "experiment",
            ["variations"] = new JsonArray(new JsonObject { ["variation"] = 0, ["weight"] = 50000 }, new JsonObject { ["variation"] = 1, ["weight"] = 50000 }),
        };
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag(
            "checkout",
            TestFlagData.Rule("r0", TestFlagData.Clause("appVersion", "semVerGreaterThan", "9"), TestFlagData.Clause("email", "endsWith", "x")),
            rollout));
        var context = EvaluationContext.FromJson("""{"kind":"user","key":"u","appVersion":"3.4.1","signup":"2023-05-01T10:00:00Z"}""");
        var fallback = JsonSerializer.SerializeToElement(false);
        var warmUp = evaluator.Evaluate("checkout", context, fallback, FlagValueType.Boolean);
        Assert.Equal(1, warmUp.Reason.RuleIndex);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            evaluator.Evaluate("checkout", context, fallback, FlagValueType.Boolean);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
