using Dashboard.Matrix;
using Bunit;
using Dashboard.Components.Flags;
using Dashboard.Demo;
using Dashboard.FlagData;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Flags;

public sealed class VersionMatrixPanelTests : SundialComponentTest
{
    private async Task<(int EnvironmentId, int FlagId)> SeedResponseFormatFlagAsync()
    {

        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-response-format", legacyVariations: [1]);
        var acme = data.Consumer(production, "acme");
        data.Rollup(flag, acme, variation: 1, count: 300, age: TimeSpan.FromHours(2), apiVersion: "1.4.0", clientType: "web")
            .Rollup(flag, acme, variation: 0, count: 700, age: TimeSpan.FromHours(2), apiVersion: "2.1.0", clientType: "web");
        await data.SaveAsync(Database.Factory);

        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["flags"] = new System.Text.Json.Nodes.JsonObject { ["use-new-response-format"] = DemoScenario.NewResponseFormatFlag() },
        }.ToJsonString();
        var imported = await Services.GetRequiredService<FlagDataImporter>().ImportAsync(production.Id, json, FlagDataOrigin.Import, "test");
        Assert.True(imported.Succeeded);
        return (production.Id, flag.Id);
    }

    [Fact]
    public async Task Panel_DemoFlag_ShowsBoundaryRowsEvaluatedAndRecorded()
    {
        var (environmentId, flagId) = await SeedResponseFormatFlagAsync();

        var panel = RenderWithMud<VersionMatrixPanel>(p => p.Add(x => x.EnvironmentId, environmentId).Add(x => x.FlagId, flagId));

        panel.WaitForElement("table.version-matrix");
        var rows = panel.FindAll("table.version-matrix tbody tr");
        Assert.Equal(
            ["1.4.0", "2.0.0-0", "2.0.0", "2.0.1", "2.1.0", "invalid (not-a-version)", "missing"],
            rows.Select(r => r.QuerySelector(".vm-version")!.TextContent));
        Assert.Equal(["API version (request.apiVersion)", "web", "(none)"], panel.FindAll("table.version-matrix thead th").Select(th => th.TextContent));
        var legacyRow = rows[0].QuerySelectorAll("td")[0];
        Assert.Equal("v1", legacyRow.QuerySelector(".vm-variation")!.TextContent);
        Assert.Equal("FALLTHROUGH", legacyRow.QuerySelector(".vm-reason")!.TextContent);
        Assert.Equal("got v1 300", legacyRow.QuerySelector(".vm-recorded")!.TextContent.Trim());
        Assert.Contains("vm-legacy", legacyRow.ClassName, StringComparison.Ordinal);
        var boundary = rows[2].QuerySelectorAll("td")[0];
        Assert.Equal(("v0", "RULE_MATCH #1 new-format-for-v2"), (boundary.QuerySelector(".vm-variation")!.TextContent, boundary.QuerySelector(".vm-reason")!.TextContent));
        var diagnostic = panel.Find("[data-testid=diagnostic]");
        Assert.Equal(nameof(DiagnosticKind.UnreadableVersionGetsNew), diagnostic.GetAttribute("data-kind"));
        Assert.Contains("Versions that do not parse (invalid (not-a-version)) get v0", diagnostic.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tester_BadJsonThenValidContext_ShowsMessageThenResult()
    {
        var (environmentId, flagId) = await SeedResponseFormatFlagAsync();
        var panel = RenderWithMud<VersionMatrixPanel>(p => p.Add(x => x.EnvironmentId, environmentId).Add(x => x.FlagId, flagId));
        panel.WaitForElement("table.version-matrix");

        panel.Find(".vm-context-input textarea").Change("""{"kind":"request",""");
        panel.Find("[data-testid=run-tester]").Click();

        Assert.StartsWith("The context is not valid: context is not valid JSON", panel.Find("[data-testid=tester-error]").TextContent.Trim(), StringComparison.Ordinal);

        panel.Find(".vm-context-input textarea").Change("""{"kind":"request","key":"r-9","apiVersion":"1.9.9"}""");
        panel.Find("[data-testid=run-tester]").Click();

        var cells = panel.FindAll("[data-testid=tester-result] td").Select(td => td.TextContent).ToList();
        // The import replaced the builder's "v1" value with the flag's false but kept the name and legacy mark.
        Assert.Equal(["false", "1: v1 (false) — legacy", """{"kind":"FALLTHROUGH"}"""], cells);
    }

    [Fact]
    public async Task Panel_FlagWithoutSyncedData_SaysHowToGetIt()
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "discovered-only", legacyVariations: [1]);
        await data.SaveAsync(Database.Factory);

        var panel = RenderWithMud<VersionMatrixPanel>(p => p.Add(x => x.EnvironmentId, production.Id).Add(x => x.FlagId, flag.Id));

        panel.WaitForAssertion(() => Assert.Contains("There is no LaunchDarkly data for \"discovered-only\"", panel.Find("[data-testid=matrix-problem]").TextContent, StringComparison.Ordinal));
    }
}
