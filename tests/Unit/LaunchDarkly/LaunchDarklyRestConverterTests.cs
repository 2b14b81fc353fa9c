using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using Dashboard.LaunchDarkly;

namespace Dashboard.Tests.Unit.LaunchDarkly;

public sealed class LaunchDarklyRestConverterTests
{
    private static JsonElement FlagItem(string file, int index) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LaunchDarkly", "Fixtures", file))).RootElement.GetProperty("items")[index].Clone();

    [Fact]
    public void ConvertFlag_RestFlagWithEnvironmentConfig_GivesSdkModel()
    {
        var converted = LaunchDarklyRestConverter.ConvertFlag(FlagItem("flags-page1.json", 0), "production");

        var expected = JsonNode.Parse("""
            {
              "key": "use-new-response-format", "version": 7, "on": true, "prerequisites": [],
              "targets": [ { "values": [ "qa-bot" ], "variation": 0 } ],
              "contextTargets": [ { "contextKind": "api-consumer", "values": [ "acme-corp" ], "variation": 0 } ],
              "rules": [ { "id": "9c1d4d8e-8f1e-4a0e-b0e4-2f5c1c6b1a01", "variation": 0,
                           "clauses": [ { "contextKind": "request", "attribute": "apiVersion", "op": "semVerLessThan", "values": [ "2.0.0" ], "negate": true } ],
                           "trackEvents": false } ],
              "fallthrough": { "variation": 1 }, "offVariation": 1, "variations": [ true, false ], "salt": "5f1c2b4a9d3e4f60",
              "trackEvents": false, "trackEventsFallthrough": false, "clientSide": false, "deleted": false
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, converted.Sdk), converted.Sdk!.ToJsonString());
        Assert.Equal("New JSON response format (v2)", converted.Metadata.Name);
        Assert.Equal(["New", "Legacy"], converted.Metadata.VariationNames);
    }

    [Fact]
    public void ConvertFlag_ExperimentRollout_BecomesExperimentWithUntrackedSlice()
    {
        var sdk = LaunchDarklyRestConverter.ConvertFlag(FlagItem("flags-page1.json", 1), "production").Sdk!;

        var expectedFallthrough = JsonNode.Parse("""
            { "rollout": { "variations": [ { "variation": 0, "weight": 50000 }, { "variation": 1, "weight": 50000 }, { "variation": 2, "weight": 0, "untracked": true } ],
                           "kind": "experiment", "bucketBy": "tenantId", "contextKind": "request", "seed": 61 } }
            """);
        Assert.True(JsonNode.DeepEquals(expectedFallthrough, sdk["fallthrough"]), sdk["fallthrough"]!.ToJsonString());
        Assert.Equal("""[{"key":"use-new-response-format","variation":0}]""", sdk["prerequisites"]!.ToJsonString());
        Assert.True(sdk["clientSide"]!.GetValue<bool>());
        Assert.Equal(1731600000000, sdk["debugEventsUntilDate"]!.GetValue<long>());
        Assert.Null(sdk["rules"]![0]!["rollout"]!["kind"]);
    }

    [Fact]
    public void ConvertFlag_ArchivedFlag_IsNotServed()
    {
        var converted = LaunchDarklyRestConverter.ConvertFlag(FlagItem("flags-page2.json", 0), "production");

        Assert.Equal("old-export", converted.Key);
        Assert.Null(converted.Sdk);
    }

    [Fact]
    public void ConvertFlag_EnvironmentNotInFlag_ThrowsNamingTheEnvironment()
    {
        var exception = Assert.Throws<LaunchDarklyConversionException>(() => LaunchDarklyRestConverter.ConvertFlag(FlagItem("flags-page1.json", 0), "staging"));

        Assert.Contains("environments.staging", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertedFlagsAndSegment_LoadAndEvaluateLikeLaunchDarkly()
    {
        var segment = LaunchDarklyRestConverter.ConvertSegment(FlagItem("segments.json", 0));
        var data = new JsonObject
        {
            ["flags"] = new JsonObject
            {
                ["use-new-response-format"] = LaunchDarklyRestConverter.ConvertFlag(FlagItem("flags-page1.json", 0), "production").Sdk,
                ["checkout-experiment"] = LaunchDarklyRestConverter.ConvertFlag(FlagItem("flags-page1.json", 1), "production").Sdk,
            },
            ["segments"] = new JsonObject { ["beta-partners"] = segment },
        };

        var loaded = FlagStore.Load(data.ToJsonString());

        Assert.Empty(loaded.Errors);
        var evaluator = new FlagEvaluator(loaded.Store!);
        var v2 = evaluator.Evaluate("use-new-response-format", EvaluationContext.FromJson("""{"kind":"request","key":"r1","apiVersion":"2.0.0"}"""), default);
        var v1 = evaluator.Evaluate("use-new-response-format", EvaluationContext.FromJson("""{"kind":"request","key":"r1","apiVersion":"1.9.9"}"""), default);
        var acme = evaluator.Evaluate("use-new-response-format", EvaluationContext.FromJson("""{"kind":"api-consumer","key":"acme-corp"}"""), default);
        Assert.Equal((0, """{"kind":"RULE_MATCH","ruleIndex":0,"ruleId":"9c1d4d8e-8f1e-4a0e-b0e4-2f5c1c6b1a01"}"""), (v2.VariationIndex!.Value, v2.Reason.ToJson()));
        Assert.Equal((1, """{"kind":"FALLTHROUGH"}"""), (v1.VariationIndex!.Value, v1.Reason.ToJson()));
        Assert.Equal((0, """{"kind":"TARGET_MATCH"}"""), (acme.VariationIndex!.Value, acme.Reason.ToJson()));
        Assert.Single(loaded.Store!.Flags["use-new-response-format"].Rules);
    }
}
