using System.Text.Json.Nodes;
using Dashboard.Components.Flags;
using Dashboard.Data.Entities;
using Dashboard.Demo;
using Dashboard.Flags;
using Dashboard.Matrix;
using Dashboard.Tests.Unit.Flags;
using Dashboard.Versions;

namespace Dashboard.Tests.Unit.Matrix;

public sealed class VersionMatrixBuilderTests
{
    private static readonly MatrixVariation[] NewAndLegacy = [new(0, "true", "New", false), new(1, "false", "Legacy", true)];

    private static RecordedCount Recorded(string? version, string clientType, int variation, long count, VersionScheme scheme = VersionScheme.SemVer)
    {
        var read = VersionReader.Read(version, scheme);
        return new RecordedCount(read.Value, read.Status, read.SortKey, clientType, variation, count, 1);
    }

    private static VersionMatrix Build(JsonObject flagJson, IReadOnlyList<RecordedCount> recorded, VersionDimension dimension = VersionDimension.ApiVersion, VersionScheme scheme = VersionScheme.SemVer)
    {
        var key = flagJson["key"]!.GetValue<string>();
        var store = FlagStore.Load(new JsonObject { ["flags"] = new JsonObject { [key] = flagJson } }.ToJsonString()).Store!;
        return VersionMatrixBuilder.Build(new VersionMatrixInput(store.GetFlag(key)!, store, new FlagEvaluator(store), dimension, scheme, new ConsumerMapping(), recorded, NewAndLegacy));
    }

    /// <summary>One line per row: label, kinds, then per column the evaluated variation and reason.</summary>
    private static string[] Lines(VersionMatrix matrix) =>
        [.. matrix.Rows.Select(row => $"{row.Label} [{VersionMatrixTable.KindsText(row.Kinds)}]: " + string.Join(" | ", row.Cells.Select((cell, i) =>
            $"{(matrix.ClientTypes[i].Length == 0 ? "(none)" : matrix.ClientTypes[i])}={cell.Evaluated.VariationIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {VersionMatrixTable.ReasonText(cell.Evaluated.Reason)}")))];

    [Fact]
    public void Build_SlowRegexOnTheClientType_OneBudgetForTheMatrixAndTheCellsWithoutTimeSaySo()
    {
        // Catastrophic backtracking for the recorded client type: every cell of its column would time out on its own.
        var slowClientType = new string('a', 40) + "!";
        var clause = new JsonObject { ["contextKind"] = "request", ["attribute"] = "clientType", ["op"] = "matches", ["values"] = new JsonArray(@"^(\w+\s?)*$") };
        var flagJson = TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("slow", clause));
        var timeout = TimeSpan.FromMilliseconds(20);
        var store = FlagStore.Load(TestFlagData.Data([flagJson]), regexMatchTimeout: timeout, regexTimeBudget: TimeSpan.FromMilliseconds(10)).Store!;
        string[] versions = ["1.0.0", "1.1.0", "1.2.0", "2.0.0"];
        var recorded = versions.Select(v => Recorded(v, slowClientType, 1, 10)).ToList();

        var matrix = VersionMatrixBuilder.Build(new VersionMatrixInput(
            store.GetFlag("checkout")!, store, new FlagEvaluator(store), VersionDimension.ApiVersion, VersionScheme.SemVer, new ConsumerMapping(), recorded, NewAndLegacy));

        var slowColumn = matrix.ClientTypes.ToList().IndexOf(slowClientType);
        var slowCells = matrix.Rows.Select(r => r.Cells[slowColumn].Evaluated.Reason).ToList();
        // The first cell spends the matrix's budget; every later one in that column has no time left and says so.
        Assert.All(slowCells.Skip(1), reason => Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.MalformedFlag), reason));
        var diagnostic = Assert.Single(matrix.Diagnostics, d => d.Kind == DiagnosticKind.RegexTimeSpent);
        Assert.Contains($"used all 10 ms this matrix may spend on them: {slowCells.Count - 1} cells were not evaluated", diagnostic.Message, StringComparison.Ordinal);
        // Cells that need no regex (no client type) are still evaluated.
        Assert.All(matrix.Rows, r => Assert.Equal(EvaluationReason.Fallthrough(), r.Cells[^1].Evaluated.Reason));
    }

    [Fact]
    public void Build_DemoResponseFormatFlag_RowsAroundTheBoundaryWithExactCells()
    {
        var matrix = Build(DemoScenario.NewResponseFormatFlag(), [
            Recorded("1.4.0", "web", 1, 500), Recorded("2.1.0", "web", 0, 900), Recorded("v1", "web", 1, 20), Recorded(null, "web", 1, 30)]);

        Assert.Equal(new ContextPath("request", "apiVersion"), matrix.VersionAttribute);
        Assert.Equal(["web", ""], matrix.ClientTypes);
        Assert.Equal(
            [
                "1.4.0 [min seen]: web=1 FALLTHROUGH | (none)=1 FALLTHROUGH",
                "2.0.0-0 [just below]: web=1 FALLTHROUGH | (none)=1 FALLTHROUGH",
                "2.0.0 [rule boundary]: web=0 RULE_MATCH #1 new-format-for-v2 | (none)=0 RULE_MATCH #1 new-format-for-v2",
                "2.0.1 [just above]: web=0 RULE_MATCH #1 new-format-for-v2 | (none)=0 RULE_MATCH #1 new-format-for-v2",
                "2.1.0 [latest seen]: web=0 RULE_MATCH #1 new-format-for-v2 | (none)=0 RULE_MATCH #1 new-format-for-v2",
                // LaunchDarkly negates a clause whose value does not parse: "not semVerLessThan" matches "v1".
                "invalid (v1) [seen]: web=0 RULE_MATCH #1 new-format-for-v2 | (none)=0 RULE_MATCH #1 new-format-for-v2",
                "missing []: web=1 FALLTHROUGH | (none)=1 FALLTHROUGH",
            ],
            Lines(matrix));
        var invalidWeb = matrix.Rows[5].Cells[0];
        Assert.Equal([new KeyValuePair<int, long>(1, 20)], invalidWeb.Recorded);
        Assert.True(invalidWeb.DiffersFromRecorded);
        Assert.Equal([new KeyValuePair<int, long>(1, 500)], matrix.Rows[0].Cells[0].Recorded);
        Assert.Empty(matrix.Rows[0].Cells[1].Recorded);

        Assert.Equal([DiagnosticKind.UnreadableVersionGetsNew, DiagnosticKind.MissingVersionMetadata], matrix.Diagnostics.Select(d => d.Kind));
        Assert.StartsWith("Versions that do not parse (invalid (v1)) get New", matrix.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion semVerGreaterThan 0.0.0-0", matrix.Diagnostics[0].Fix, StringComparison.Ordinal);
        Assert.StartsWith("30 recorded evaluations (2.1%) carried no apiVersion", matrix.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DemoOfflineSyncFlag_UsesClientVersionRowsAndRuleClientTypes()
    {
        var flag = DemoScenario.OfflineSyncFlag();
        var store = FlagStore.Load(new JsonObject { ["flags"] = new JsonObject { ["offline-sync"] = flag } }.ToJsonString()).Store!;

        var dimension = VersionMatrixQueries.SuggestDimension(store.GetFlag("offline-sync")!, store, new ConsumerMapping());
        var matrix = Build(DemoScenario.OfflineSyncFlag(), [Recorded("3.4.0", "mobile-ios", 1, 10)], dimension);

        Assert.Equal(VersionDimension.ClientVersion, dimension);
        Assert.Equal(["mobile-android", "mobile-ios", ""], matrix.ClientTypes);
        Assert.Equal(
            [
                "3.4.0 [min seen · latest seen]: mobile-android=1 FALLTHROUGH | mobile-ios=1 FALLTHROUGH | (none)=1 FALLTHROUGH",
                "3.5.0-0 [just below]: mobile-android=1 FALLTHROUGH | mobile-ios=1 FALLTHROUGH | (none)=1 FALLTHROUGH",
                "3.5.0 [rule boundary]: mobile-android=0 RULE_MATCH #1 mobile-3-5-and-later | mobile-ios=0 RULE_MATCH #1 mobile-3-5-and-later | (none)=1 FALLTHROUGH",
                "3.5.1 [just above]: mobile-android=0 RULE_MATCH #1 mobile-3-5-and-later | mobile-ios=0 RULE_MATCH #1 mobile-3-5-and-later | (none)=1 FALLTHROUGH",
                "invalid (not-a-version) []: mobile-android=0 RULE_MATCH #1 mobile-3-5-and-later | mobile-ios=0 RULE_MATCH #1 mobile-3-5-and-later | (none)=1 FALLTHROUGH",
                "missing []: mobile-android=1 FALLTHROUGH | mobile-ios=1 FALLTHROUGH | (none)=1 FALLTHROUGH",
            ],
            Lines(matrix));
        // Mobile clients sending an unreadable client version get offline sync, while 3.4.0 does not.
        Assert.Equal([DiagnosticKind.UnreadableVersionGetsNew], matrix.Diagnostics.Select(d => d.Kind));
        Assert.Contains("clientVersion semVerGreaterThan 0.0.0-0", matrix.Diagnostics[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StrictGreaterThanAndUnmappedAttribute_ReportsEachWithAFix()
    {
        var flag = JsonNode.Parse("""
            {
              "key": "strict", "version": 1, "on": true, "salt": "s", "variations": [ true, false ],
              "rules": [
                { "id": "v2", "variation": 0, "clauses": [ { "contextKind": "request", "attribute": "apiVersion", "op": "semVerGreaterThan", "negate": false, "values": [ "2.0.0" ] } ] },
                { "id": "eu", "variation": 0, "clauses": [ { "contextKind": "request", "attribute": "region", "op": "in", "negate": false, "values": [ "eu" ] } ] }
              ],
              "fallthrough": { "variation": 1 }, "offVariation": 1
            }
            """)!.AsObject();

        var matrix = Build(flag, [Recorded("1.0.0", "server", 1, 100), Recorded("2.1.0", "server", 0, 100)]);

        Assert.Equal(1, matrix.Rows.Single(r => r.Version == "2.0.0").Cells[0].Evaluated.VariationIndex);
        Assert.Equal([DiagnosticKind.StrictComparison, DiagnosticKind.UnknownAttribute], matrix.Diagnostics.Select(d => d.Kind));
        var strict = matrix.Diagnostics[0];
        Assert.Equal("Rule 1 (\"v2\") uses semVerGreaterThan 2.0.0: version 2.0.0 itself is served Legacy (false).", strict.Message);
        Assert.Contains("semVerLessThan 2.0.0 with negate", strict.Fix, StringComparison.Ordinal);
        Assert.StartsWith("Rule 2 (\"eu\") tests request.region, which the recorded contexts never carry", matrix.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DefaultAndOffServeNewWhileLegacyConsumersCall_ReportsBoth()
    {
        var flag = DemoScenario.NewResponseFormatFlag();
        flag["fallthrough"] = new JsonObject { ["variation"] = 0 };
        flag["offVariation"] = 0;

        var matrix = Build(flag, [Recorded("1.4.0", "web", 1, 1200)]);

        Assert.Equal(
            [
                "The default rule serves New (true), not the legacy behaviour, while 1,200 recorded evaluations still get legacy: a client with a missing or unexpected version would be switched to the new behaviour.",
                "Turning the flag off serves New (true), not the legacy behaviour, while 1,200 recorded evaluations still get legacy.",
                "Every evaluated version and client type gets New (true): the rules never tell versions apart.",
            ],
            matrix.Diagnostics.Where(d => d.Kind != DiagnosticKind.SingleVariation).Select(d => d.Message)
                .Append(matrix.Diagnostics.Single(d => d.Kind == DiagnosticKind.SingleVariation).Message));
    }

    [Fact]
    public void Build_FlagOff_ReportsThatEveryoneGetsTheOffVariation()
    {
        var flag = DemoScenario.NewResponseFormatFlag();
        flag["on"] = false;

        var matrix = Build(flag, [Recorded("2.1.0", "web", 0, 10)]);

        var diagnostic = Assert.Single(matrix.Diagnostics);
        Assert.Equal((DiagnosticKind.SingleVariation, "The flag is off, so everyone gets Legacy (false)."), (diagnostic.Kind, diagnostic.Message));
    }

    [Fact]
    public void Build_PartnerSchemaFlagOnDateVersions_ListsRuleDatesAndUsesTheMappedConsumerKind()
    {
        var matrix = Build(DemoScenario.NewSchemaFlag(["northwind-traders"]), [Recorded("2022-08-01", "server", 1, 10, VersionScheme.Date)], scheme: VersionScheme.Date);

        Assert.Equal(new ContextPath("api-consumer", "apiVersion"), matrix.VersionAttribute);
        Assert.Equal(["2022-08-01", "2023-11-01", "2024-04-10", "2024-09-30", "invalid (not-a-version)", "missing"], matrix.Rows.Select(r => r.Label));
        Assert.Equal([1, 0, 0, 0, 1, 1], matrix.Rows.Select(r => r.Cells[0].Evaluated.VariationIndex));
    }

    [Fact]
    public void Build_RulesTargetApiVersionViewedByClientVersion_SaysSoNeutrallyInsteadOfAFault()
    {
        var matrix = Build(DemoScenario.NewResponseFormatFlag(), [Recorded("3.1.0", "web", 0, 18_936)], VersionDimension.ClientVersion);

        Assert.DoesNotContain(matrix.Diagnostics, d => d.Kind == DiagnosticKind.SingleVariation);
        var diagnostic = Assert.Single(matrix.Diagnostics, d => d.Kind == DiagnosticKind.RulesTargetOtherAttribute);
        Assert.StartsWith("This flag's rules do not target client versions (request.clientVersion); they test request.apiVersion.", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("Show rows by API version to see where the rules tell versions apart.", diagnostic.Fix);
    }

    [Fact]
    public void Build_RulesTargetTheShownVersion_NoNoteAboutOtherAttributes()
    {
        var matrix = Build(DemoScenario.NewResponseFormatFlag(), [Recorded("2.1.0", "web", 0, 10)]);

        Assert.DoesNotContain(matrix.Diagnostics, d => d.Kind == DiagnosticKind.RulesTargetOtherAttribute);
    }
}
