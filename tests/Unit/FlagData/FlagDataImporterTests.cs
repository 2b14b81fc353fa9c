using Dashboard.Auditing;
using Dashboard.Data.Entities;
using Dashboard.FlagData;
using Dashboard.Flags.Contexts;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.FlagData;

public sealed class FlagDataImporterTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private TestDatabase database = default!;
    private FlagDataCache cache = default!;
    private FlagDataImporter importer = default!;
    private FlagDataQueries queries = default!;
    private int environmentId;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        cache = new FlagDataCache(database.Factory, time, NullLogger<FlagDataCache>.Instance);
        importer = new FlagDataImporter(database.Factory, cache, new AuditLog(time), time);
        queries = new FlagDataQueries(database.Factory);
        await using var db = database.CreateContext();
        var environment = new DashboardEnvironment { Key = "production", Name = "Production", IsDefault = true };
        db.Environments.Add(environment);
        await db.SaveChangesAsync();
        environmentId = environment.Id;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>SDK data with one boolean flag whose rule serves variation 0 from <paramref name="boundary"/>.</summary>
    private static string SdkData(string boundary = "2.0.0", string flagKey = "use-new-response-format", string negate = "true") => $$"""
        {
          "flags": {
            "{{flagKey}}": {
              "key": "{{flagKey}}", "version": 3, "on": true, "salt": "s",
              "rules": [ { "id": "v2", "variation": 0, "clauses": [ { "contextKind": "request", "attribute": "apiVersion", "op": "semVerLessThan", "negate": {{negate}}, "values": [ "{{boundary}}" ] } ] } ],
              "fallthrough": { "variation": 1 }, "offVariation": 1, "variations": [ true, false ]
            }
          },
          "segments": { "beta": { "key": "beta", "version": 1, "included": [ "acme" ], "salt": "x" } }
        }
        """;

    [Fact]
    public async Task ImportAsync_ValidData_StoresSnapshotsFlagRowAndAudit()
    {
        var result = await importer.ImportAsync(environmentId, SdkData(), FlagDataOrigin.Import, "admin@example.com");

        Assert.True(result.Succeeded);
        Assert.Equal((1, 0, 0, 0, 1), (result.FlagsAdded, result.FlagsChanged, result.FlagsRemoved, result.FlagsUnchanged, result.SegmentsChanged));
        await using var db = database.CreateContext();
        var snapshot = await db.FlagSnapshots.SingleAsync();
        Assert.Equal((3, "import"), (snapshot.Version, snapshot.Origin));
        var flag = await db.Flags.Include(f => f.Variations).SingleAsync();
        Assert.Equal(FlagSource.LaunchDarkly, flag.Source);
        Assert.Equal(["true", "false"], flag.Variations.OrderBy(v => v.Index).Select(v => v.ValueJson));
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("flagdata.imported", "production", "admin@example.com"), (audit.Action, audit.EntityId, audit.Actor));
    }

    [Fact]
    public async Task ImportAsync_InvalidFile_ChangesNothing()
    {
        await importer.ImportAsync(environmentId, SdkData(), FlagDataOrigin.Import, "admin@example.com");
        var before = await CountsAsync();

        var result = await importer.ImportAsync(environmentId, SdkData(boundary: "2.1.0", negate: "\"yes\""), FlagDataOrigin.Import, "admin@example.com");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("use-new-response-format", StringComparison.Ordinal) && e.Contains("negate", StringComparison.Ordinal));
        Assert.Equal(before, await CountsAsync());
        var data = await cache.GetAsync(environmentId);
        var detail = data.Evaluator.Evaluate("use-new-response-format", EvaluationContext.FromJson("""{"kind":"request","key":"r","apiVersion":"2.0.0"}"""), default);
        Assert.Equal(0, detail.VariationIndex);
    }

    [Fact]
    public async Task ImportAsync_NotJson_ReturnsTheParserMessageAndChangesNothing()
    {
        var result = await importer.ImportAsync(environmentId, "{\"flags\": {", FlagDataOrigin.Import, "admin@example.com");

        Assert.StartsWith("flag data is not valid JSON", Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountsAsync());
    }

    [Fact]
    public async Task ImportAsync_ChangedVariations_KeepsLegacyMarksAndNames()
    {
        await using (var db = database.CreateContext())
        {
            db.Flags.Add(new Flag
            {
                EnvironmentId = environmentId, Key = "use-new-response-format", Name = "Response format", Source = FlagSource.Manual,
                Variations = [new FlagVariation { Index = 0, ValueJson = "\"new\"", Name = "New" }, new FlagVariation { Index = 1, ValueJson = "\"old\"", Name = "Legacy", IsLegacy = true }],
            });
            await db.SaveChangesAsync();
        }

        await importer.ImportAsync(environmentId, SdkData(), FlagDataOrigin.Import, "admin@example.com");

        await using var check = database.CreateContext();
        var flag = await check.Flags.Include(f => f.Variations).SingleAsync();
        Assert.Equal(("Response format", FlagSource.Manual), (flag.Name, flag.Source));
        Assert.Equal(
            [(0, "true", "New", false), (1, "false", "Legacy", true)],
            flag.Variations.OrderBy(v => v.Index).Select(v => (v.Index, v.ValueJson, v.Name, v.IsLegacy)));
    }

    [Fact]
    public async Task ImportAsync_FlagNoLongerInFile_IsMarkedDeletedAndLeftOutOfExport()
    {
        await importer.ImportAsync(environmentId, SdkData(), FlagDataOrigin.Import, "admin@example.com");

        var result = await importer.ImportAsync(environmentId, SdkData(flagKey: "offline-sync"), FlagDataOrigin.Import, "admin@example.com");

        Assert.Equal((1, 1), (result.FlagsAdded, result.FlagsRemoved));
        var data = await cache.GetAsync(environmentId);
        Assert.Null(data.Store.GetFlag("use-new-response-format"));
        var export = await queries.ExportAsync(environmentId);
        Assert.DoesNotContain("use-new-response-format", export, StringComparison.Ordinal);
        Assert.Contains("offline-sync", export, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.Flags.CountAsync());
    }

    [Fact]
    public async Task ExportAsync_ThenImport_ChangesNothing()
    {
        await importer.ImportAsync(environmentId, SdkData(), FlagDataOrigin.Import, "admin@example.com");
        var export = await queries.ExportAsync(environmentId);

        var result = await importer.ImportAsync(environmentId, export, FlagDataOrigin.Import, "admin@example.com");

        Assert.Equal((0, 0, 0, 1, 0), (result.FlagsAdded, result.FlagsChanged, result.FlagsRemoved, result.FlagsUnchanged, result.SegmentsChanged));
    }

    [Fact]
    public async Task GetHistoryAsync_ChangedBoundary_ShowsTheClauseValuesBeforeAndAfter()
    {
        await importer.ImportAsync(environmentId, SdkData("2.0.0"), FlagDataOrigin.Sync, "system");
        time.Advance(TimeSpan.FromHours(1));
        await importer.ImportAsync(environmentId, SdkData("2.1.0"), FlagDataOrigin.Import, "admin@example.com");

        var history = await queries.GetHistoryAsync(environmentId, "use-new-response-format");

        Assert.Equal([(4, "import"), (3, "sync")], history.Select(h => (h.Version, h.Origin)));
        var change = Assert.Single(history[0].Changes);
        Assert.Equal(new FlagChange("rules[0 \"v2\"].clauses[0].values", "[\"2.0.0\"]", "[\"2.1.0\"]"), change);
        Assert.Contains(history[1].Changes, c => c.Path == "rules" && c.Before is null);
    }

    [Fact]
    public async Task CacheLoad_StoredSnapshotWithNulInItsKey_IsRefusedWithAProblemNamingTheKey()
    {
        // Written straight to the database, as versions that accepted such keys did.
        await using (var db = database.CreateContext())
        {
            db.FlagSnapshots.Add(new FlagSnapshot
            {
                EnvironmentId = environmentId, FlagKey = "check\0out", Version = 1, Json = """{"key":"check\u0000out","on":false}""",
                SyncedAt = time.GetUtcNow().UtcDateTime, Origin = FlagDataOrigin.Api,
            });
            await db.SaveChangesAsync();
        }

        var data = await cache.GetAsync(environmentId);

        Assert.Empty(data.Store.Flags);
        Assert.StartsWith("flag key \"check\\u0000out\" must not contain control characters (U+0000 at position 6)", Assert.Single(data.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheLoad_StoredSnapshotWithLookAlikeKey_IsRefusedUntilAnImportWithoutItReplacesIt()
    {
        // Written straight to the database, as versions before the one key rule accepted such keys.
        await using (var db = database.CreateContext())
        {
            db.FlagSnapshots.Add(new FlagSnapshot
            {
                EnvironmentId = environmentId, FlagKey = "\u202Etuokcehc", Version = 1, Json = """{"key":"\u202Etuokcehc","on":false}""",
                SyncedAt = time.GetUtcNow().UtcDateTime, Origin = FlagDataOrigin.Api,
            });
            await db.SaveChangesAsync();
        }

        var refused = await cache.GetAsync(environmentId);
        Assert.Empty(refused.Store.Flags);
        Assert.StartsWith("flag key \"\\u202Etuokcehc\" must not contain invisible or look-alike characters", Assert.Single(refused.Problems), StringComparison.Ordinal);

        var result = await importer.ImportAsync(environmentId, SdkData(), FlagDataOrigin.Import, "admin@example.com");
        var repaired = await cache.GetAsync(environmentId);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Empty(repaired.Problems);
        Assert.Equal(["use-new-response-format"], repaired.Store.Flags.Keys);
    }

    private async Task<(int Snapshots, int Audits, int Flags)> CountsAsync()
    {
        await using var db = database.CreateContext();
        return (await db.FlagSnapshots.CountAsync() + await db.SegmentSnapshots.CountAsync(), await db.AuditEntries.CountAsync(), await db.Flags.CountAsync());
    }
}
