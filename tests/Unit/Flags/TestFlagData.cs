using System.Text.Json.Nodes;
using Dashboard.Flags;

namespace Dashboard.Tests.Unit.Flags;

/// <summary>Builders for LaunchDarkly flag data JSON, so tests state only what they are about.</summary>
public static class TestFlagData
{
    /// <summary>An on flag with variations [true, false] that falls through to false (1) and is off as false.</summary>
    public static JsonObject BooleanFlag(string key, params JsonObject[] rules) => new()
    {
        ["key"] = key,
        ["on"] = true,
        ["variations"] = new JsonArray(true, false),
        ["fallthrough"] = new JsonObject { ["variation"] = 1 },
        ["offVariation"] = 1,
        ["rules"] = new JsonArray([.. rules]),
        ["salt"] = "salt",
        ["version"] = 1,
    };

    /// <summary>A rule serving variation 0 (true) when all clauses match.</summary>
    public static JsonObject Rule(string id, params JsonObject[] clauses) => new()
    {
        ["id"] = id,
        ["variation"] = 0,
        ["clauses"] = new JsonArray([.. clauses]),
    };

    public static JsonObject Clause(string attribute, string op, params JsonNode?[] values) => new()
    {
        ["contextKind"] = "user",
        ["attribute"] = attribute,
        ["op"] = op,
        ["values"] = new JsonArray(values),
    };

    public static JsonObject SegmentMatch(params string[] segmentKeys) => new()
    {
        ["attribute"] = string.Empty,
        ["op"] = "segmentMatch",
        ["values"] = new JsonArray([.. segmentKeys.Select(key => (JsonNode?)key)]),
    };

    public static JsonObject Segment(string key, params JsonObject[] rules) => new()
    {
        ["key"] = key,
        ["rules"] = new JsonArray([.. rules.Select(rule => (JsonNode?)new JsonObject { ["clauses"] = rule["clauses"]!.DeepClone() })]),
        ["salt"] = "salt",
        ["version"] = 1,
    };

    public static string Data(IEnumerable<JsonObject> flags, IEnumerable<JsonObject>? segments = null)
    {
        var data = new JsonObject { ["flags"] = new JsonObject(), ["segments"] = new JsonObject() };
        foreach (var flag in flags)
        {
            data["flags"]![(string)flag["key"]!] = flag;
        }

        foreach (var segment in segments ?? [])
        {
            data["segments"]![(string)segment["key"]!] = segment;
        }

        return data.ToJsonString();
    }

    public static FlagEvaluator Evaluator(params JsonObject[] flags) => Evaluator(flags, []);

    public static FlagEvaluator Evaluator(IEnumerable<JsonObject> flags, IEnumerable<JsonObject> segments, TimeSpan? regexMatchTimeout = null)
    {
        var result = FlagStore.Load(Data(flags, segments), regexMatchTimeout);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return new FlagEvaluator(result.Store!);
    }
}
