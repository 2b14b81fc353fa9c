using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E.Ingest;

/// <summary>
/// Real LaunchDarkly SDK traffic: the Node server SDK evaluates the demo flag from a local flag file and sends its
/// events to Sundial's LaunchDarkly-compatible endpoint; Sundial must count them per consumer, version and variation.
/// </summary>
public sealed class LaunchDarklyInteropTests
{
    private const string FlagKey = "use-new-response-format";

    // The configured demo SDK key (appsettings.Development.json), registered for the demo production environment.
    private const string DemoSdkKey = "sdk-demo-00000000-0000-4000-8000-000000000001";

    [Fact]
    public async Task NodeSdkEvents_AreCountedPerConsumerVersionAndVariation_AndUntrackedOnesAsUnattributed()
    {
        await using var app = await SundialProcess.StartAsync();
        var run = "interop-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var acme = Consumer(run + "acme", apiVersion: "2.1.0", clientType: "web", clientVersion: "7.0.0");
        var globex = Consumer(run + "globex", apiVersion: "1.4.0", clientType: "mobile-ios", clientVersion: "3.5.2");
        // Only an api-consumer context: versions come from the mapping's api-consumer.apiVersion and consumerType.
        var initech = new { kind = "api-consumer", key = run + "initech", apiVersion = "2.0.0", consumerType = "partner" };

        var tracked = await LaunchDarklyNodeSdk.EvaluateAsync(app.BaseAddress, DemoSdkKey, Flag(trackEvents: true), FlagKey, [(acme, 3), (globex, 2), (initech, 1)]);

        // The rule serves variation 0 (true, new format) from API version 2.0.0 on, and only to request contexts.
        Assert.Equal(new Dictionary<string, int> { ["true#0"] = 3, ["false#1"] = 3 }, tracked);
        var expected = new Dictionary<(string, string, string, int), long>
        {
            [(run + "acme", "2.1.0", "web", 0)] = 3,
            [(run + "globex", "1.4.0", "mobile-ios", 1)] = 2,
            [(run + "initech", "2.0.0", "partner", 1)] = 1,
        };
        var counts = await Eventually.ValueAsync(
            () => StoredEvaluations.CountsAsync(app.DatabasePath, FlagKey, run),
            stored => stored.Count == expected.Count && expected.All(e => stored.GetValueOrDefault(e.Key) == e.Value));
        Assert.Equal(expected, counts);

        var unattributedBefore = await UnattributedAsync(app);
        var untracked = await LaunchDarklyNodeSdk.EvaluateAsync(app.BaseAddress, DemoSdkKey, Flag(trackEvents: false), FlagKey, [(acme, 4), (globex, 5)]);

        Assert.Equal(new Dictionary<string, int> { ["true#0"] = 4, ["false#1"] = 5 }, untracked);
        // Without trackEvents the SDK sends only summary counts: no context, so Sundial counts them as unattributed.
        var expectedUnattributed = (unattributedBefore.New + 4, unattributedBefore.Legacy + 5);
        Assert.Equal(expectedUnattributed, await Eventually.ValueAsync(() => UnattributedAsync(app), u => u == expectedUnattributed));
        // Folded together with the summary above, so this reads the state after the second flush.
        Assert.Equal(counts, await StoredEvaluations.CountsAsync(app.DatabasePath, FlagKey, run));
    }

    private static Dictionary<string, object> Consumer(string key, string apiVersion, string clientType, string clientVersion) => new Dictionary<string, object>
    {
        ["kind"] = "multi",
        ["api-consumer"] = new { key },
        ["request"] = new { key = "req-" + Guid.NewGuid().ToString("N")[..8], apiVersion, clientType, clientVersion },
    };

    /// <summary>The demo flag in LaunchDarkly's flag JSON: variations [true, false]; apiVersion ≥ 2.0.0 on a request context gets true.</summary>
    private static string Flag(bool trackEvents) => $$"""
        {"key":"{{FlagKey}}","version":3,"on":true,"variations":[true,false],"offVariation":1,"fallthrough":{"variation":1},
         "targets":[],"contextTargets":[],"prerequisites":[],"salt":"s","deleted":false,"trackEvents":{{(trackEvents ? "true" : "false")}},
         "rules":[{"id":"new-format-for-v2","variation":0,"trackEvents":false,
                   "clauses":[{"contextKind":"request","attribute":"apiVersion","op":"semVerLessThan","values":["2.0.0"],"negate":true}]}]}
        """;

    private static async Task<(long New, long Legacy)> UnattributedAsync(SundialProcess app)
    {
        const string sql =
            "SELECT COALESCE(SUM(r.Count), 0) FROM EvaluationRollups r JOIN Consumers c ON c.Id = r.ConsumerId JOIN Flags f ON f.Id = r.FlagId " +
            "WHERE f.Key = @flag AND c.Key = 'unattributed' AND r.VariationIndex = @variation";
        return (
            await StoredEvaluations.SumAsync(app.DatabasePath, sql, ("@flag", FlagKey), ("@variation", 0)),
            await StoredEvaluations.SumAsync(app.DatabasePath, sql, ("@flag", FlagKey), ("@variation", 1)));
    }
}
