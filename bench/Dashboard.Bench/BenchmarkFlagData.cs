using System.Text.Json.Nodes;

namespace Dashboard.Bench;

/// <summary>
/// A realistic worst case for the rule tester: 10 rules of 3 clauses (string, semver, date), where the
/// first nine fail on their last clause and the tenth serves a 50/50 percentage rollout.
/// </summary>
internal static class BenchmarkFlagData
{
    public const string FlagKey = "new-checkout";

    public const string ContextJson = """
        {"kind":"user","key":"user-4711","email":"ada@example.com","country":"NO","appVersion":"3.4.1","signup":"2023-05-01T10:00:00Z","plan":"pro"}
        """;

    public static string Build()
    {
        var rules = new JsonArray();
        for (var i = 0; i < 9; i++)
        {
            rules.Add(Rule(
                $"rule-{i}",
                Clause("country", "in", "NO", "SE", "DK"),
                Clause("appVersion", "semVerGreaterThan", $"2.{i}"),
                Clause("plan", "in", $"enterprise-{i}")));
        }

        var rollout = Rule(
            "rollout",
            Clause("email", "endsWith", "@example.com"),
            Clause("appVersion", "semVerLessThan", "4.0.0"),
            Clause("signup", "after", "2020-01-01T00:00:00Z"));
        rollout.Remove("variation");
        rollout["rollout"] = new JsonObject
        {
            ["variations"] = new JsonArray(
                new JsonObject { ["variation"] = 0, ["weight"] = 50000 },
                new JsonObject { ["variation"] = 1, ["weight"] = 50000 }),
        };
        rules.Add(rollout);

        var flag = new JsonObject
        {
            ["key"] = FlagKey,
            ["on"] = true,
            ["salt"] = "checkout-salt",
            ["variations"] = new JsonArray(true, false),
            ["fallthrough"] = new JsonObject { ["variation"] = 1 },
            ["offVariation"] = 1,
            ["rules"] = rules,
            ["version"] = 7,
        };
        return new JsonObject { ["flags"] = new JsonObject { [FlagKey] = flag } }.ToJsonString();
    }

    private static JsonObject Rule(string id, params JsonObject[] clauses) => new()
    {
        ["id"] = id,
        ["variation"] = 0,
        ["clauses"] = new JsonArray([.. clauses]),
    };

    private static JsonObject Clause(string attribute, string op, params JsonNode?[] values) => new()
    {
        ["contextKind"] = "user",
        ["attribute"] = attribute,
        ["op"] = op,
        ["values"] = new JsonArray(values),
    };
}
