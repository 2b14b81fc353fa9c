using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E.Flags;

/// <summary>
/// A deep prerequisite chain used to end the process with a stack overflow. The real app takes the deepest chain it
/// allows, evaluates it one flag at a time and all at once, refuses one level more, and stays healthy.
/// </summary>
public sealed class DeepPrerequisiteChainTests
{
    private const string DemoApiKey = "sdl_demo_8d3f2a61c9b04e7d95a1f0c2b6e4d873";

    // FlagDataLimits.MaxPrerequisiteDepth; this project runs the app as a process and does not reference its assemblies.
    private const int MaxPrerequisiteDepth = 100;

    private static string Chain(int links)
    {
        var flags = new JsonObject();
        for (var i = 0; i <= links; i++)
        {
            flags[$"c{i}"] = new JsonObject
            {
                ["key"] = $"c{i}", ["version"] = 1, ["on"] = true, ["salt"] = "s", ["offVariation"] = 1,
                ["variations"] = new JsonArray(true, false), ["fallthrough"] = new JsonObject { ["variation"] = 0 },
                ["prerequisites"] = i < links ? new JsonArray(new JsonObject { ["key"] = $"c{i + 1}", ["variation"] = 0 }) : new JsonArray(),
            };
        }

        return new JsonObject { ["flags"] = flags, ["segments"] = new JsonObject() }.ToJsonString();
    }

    [Fact]
    public async Task DeepestAllowedChain_ImportedAndEvaluated_AppStaysHealthy()
    {
        await using var app = await SundialProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoApiKey);
        static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

        using var imported = await http.PutAsync("/api/v1/environments/production/flag-data", Json(Chain(MaxPrerequisiteDepth)));
        using var evaluated = await http.PostAsync("/api/v1/environments/production/evaluate", Json("""{"flagKey":"c0","context":{"kind":"user","key":"u"}}"""));
        using var evaluatedAll = await http.PostAsync("/api/v1/environments/production/evaluate-all", Json("""{"context":{"kind":"user","key":"u"}}"""));
        using var tooDeep = await http.PutAsync("/api/v1/environments/production/flag-data", Json(Chain(MaxPrerequisiteDepth + 1)));
        using var health = await http.GetAsync("/health");

        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        Assert.Equal("""{"value":true,"variationIndex":0,"reason":{"kind":"FALLTHROUGH"}}""", await evaluated.Content.ReadAsStringAsync());
        var all = JsonDocument.Parse(await evaluatedAll.Content.ReadAsStringAsync()).RootElement.GetProperty("flags");
        Assert.Equal(MaxPrerequisiteDepth + 1, all.EnumerateObject().Count(flag => flag.Value.GetProperty("reason").GetProperty("kind").GetString() == "FALLTHROUGH"));
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
        Assert.Contains($"at most {MaxPrerequisiteDepth} levels are allowed", await tooDeep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }
}
