using System.Text.Json;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

/// <summary>
/// Every case from LaunchDarkly's sdk-test-harness server-side evaluation suite (plus the bucketing
/// suite turned into data): value, variation index and reason must equal LaunchDarkly's.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> CaseIds => ConformanceCases.Ids();

    public static TheoryData<string> OldUserCaseIds => ConformanceCases.IdsWithOldUser();

    [Fact]
    public void Cases_AllLinesLoaded_MatchManifestTotal()
    {
        Assert.Equal(844, ConformanceCases.All.Count);
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Evaluate_ConformanceCase_MatchesLaunchDarkly(string id)
    {
        var testCase = ConformanceCases.All[id];
        AssertCase(testCase, testCase.GetProperty("context"));
    }

    [Theory]
    [MemberData(nameof(OldUserCaseIds))]
    public void Evaluate_ConformanceCaseAsOldStyleUser_MatchesLaunchDarkly(string id)
    {
        var testCase = ConformanceCases.All[id];
        AssertCase(testCase, testCase.GetProperty("oldUser"));
    }

    private static void AssertCase(JsonElement testCase, JsonElement contextJson)
    {
        var data = new Dictionary<string, JsonElement>
        {
            ["flags"] = testCase.GetProperty("flags"),
            ["segments"] = testCase.GetProperty("segments"),
        };
        var load = FlagStore.Load(JsonSerializer.Serialize(data));
        Assert.True(load.Succeeded, string.Join(Environment.NewLine, load.Errors));
        var evaluator = new FlagEvaluator(load.Store!);
        var context = EvaluationContext.FromJson(contextJson);

        var detail = evaluator.Evaluate(
            testCase.GetProperty("flagKey").GetString()!,
            context,
            testCase.GetProperty("default"),
            ValueTypeOf(testCase.GetProperty("valueType").GetString()));

        var expect = testCase.GetProperty("expect");
        JsonAssert.Equal(expect.GetProperty("value"), detail.Value, "value");
        var expectedIndex = expect.GetProperty("variationIndex");
        Assert.Equal(expectedIndex.ValueKind == JsonValueKind.Null ? null : expectedIndex.GetInt32(), detail.VariationIndex);
        JsonAssert.Equal(expect.GetProperty("reason"), JsonSerializer.SerializeToElement(detail.Reason), "reason");
    }

    private static FlagValueType ValueTypeOf(string? valueType) => valueType switch
    {
        "bool" => FlagValueType.Boolean,
        "int" => FlagValueType.WholeNumber,
        "double" => FlagValueType.Number,
        "string" => FlagValueType.Text,
        _ => FlagValueType.Any,
    };
}
