using Bunit;
using Dashboard.Components.Pages.Settings;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Components.Pages.Settings;

public sealed class IngestLiveSettingsTests : SundialComponentTest
{
    private static readonly IngestEnvironment Production = new(1, "production", VersionScheme.SemVer, VersionScheme.SemVer, new ConsumerMapping());

    private IngestMetrics Metrics => Services.GetRequiredService<IngestMetrics>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignInAs("admin@example.com", DashboardRoles.Admin);
    }

    private void Commit(int events, IngestOutcomeKind kind = IngestOutcomeKind.Committed) =>
        Metrics.RecordCommitted(new IngestWork(Production, Guid.NewGuid().ToString("N"), "hash", "native", 1, "sk_abc") { EventCount = events }, new IngestOutcome(kind, events));

    private static string Kpi(IRenderedComponent<IngestLiveSettings> page, string title) =>
        page.FindAll(".mud-paper").Single(p => p.QuerySelector(".mud-text-secondary")?.TextContent.Trim() == title).QuerySelector(".kpi-value")!.TextContent.Trim();

    [Fact]
    public async Task JournalingFails_AlertSaysSinceWhenAndWhatToCheck()
    {
        var journal = Services.GetRequiredService<IngestJournal>();
        // The writer's connection cannot be set up, as when the journal's file or disk refuses writes.
        journal.WriterPragmas = "SELECT * FROM no_such_table;";
        await Assert.ThrowsAnyAsync<Exception>(() => journal.AppendAsync([], CancellationToken.None));

        var page = RenderWithMud<IngestLiveSettings>();

        var alert = page.Find("[data-testid=journal-failure]").TextContent;
        Assert.Contains("Journaling ingest requests has failed since", alert, StringComparison.Ordinal);
        Assert.Contains("no such table", alert, StringComparison.Ordinal);
        Assert.Contains("check free disk space", alert, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsCommittedCountsRateAndReplaysFromIngestMetrics()
    {
        Commit(1200);
        Commit(300);
        Commit(50, IngestOutcomeKind.Replayed);
        Metrics.RecordCommit(TimeSpan.FromMilliseconds(37));
        // The rate averages whole seconds that have ended, so the committed second must be behind us.
        Time.Advance(TimeSpan.FromSeconds(1));

        var page = RenderWithMud<IngestLiveSettings>();

        Assert.Equal("2", page.Find("[data-testid=batches-committed-value]").TextContent.Trim());
        Assert.Equal("1,500", Kpi(page, "Events committed"));
        Assert.Equal("150", page.Find("[data-testid=events-per-second-value]").TextContent.Trim());
        Assert.Contains("1 commits (last took 37 ms)", page.Markup, StringComparison.Ordinal);
        Assert.Contains("1 replays answered without counting again", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsRejectsByReasonAndTheLastErrorPerKey()
    {
        Metrics.RecordRejected("invalid-body", "sk_abc", "events[0].flagKey is required");
        Metrics.RecordRejected("invalid-body", "sk_abc", "events[3].count must be positive");
        Metrics.RecordRejected("unauthorized", null, "Unknown API key");

        var page = RenderWithMud<IngestLiveSettings>();

        var rejects = page.FindAll("[data-testid=rejects-table] tbody tr")
            .Select(r => (r.QuerySelector("td[data-label=Reason]")!.TextContent.Trim(), r.QuerySelector("td[data-label=Requests]")!.TextContent.Trim()));
        Assert.Equal([("invalid-body", "2"), ("unauthorized", "1")], rejects);
        var errors = page.FindAll("[data-testid=last-errors-table] tbody tr")
            .ToDictionary(r => r.QuerySelector("td[data-label=Key]")!.TextContent.Trim(), r => r.QuerySelector("td[data-label=Message]")!.TextContent.Trim());
        Assert.Equal("events[3].count must be positive", errors["sk_abc"]);
        Assert.Equal("Unknown API key", errors["(no valid key)"]);
    }

    [Fact]
    public void NewCommits_ShowUpOnTheNextSecondWithoutAReload()
    {
        var page = RenderWithMud<IngestLiveSettings>();
        Assert.Equal("0", page.Find("[data-testid=batches-committed-value]").TextContent.Trim());

        Commit(25);
        // The refresh follows the app's clock: more than a wall-clock second changes nothing while that clock stands still…
        Thread.Sleep(TimeSpan.FromMilliseconds(1500));
        Time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal("0", page.Find("[data-testid=batches-committed-value]").TextContent.Trim());

        // …and its next second brings the new counts.
        Time.Advance(TimeSpan.FromMilliseconds(100));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=batches-committed-value]").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Equal("25", Kpi(page, "Events committed"));
    }

    [Fact]
    public void FoldStatus_ShowsTheLastFoldAndWhatWaitsForTheNextOne()
    {
        Metrics.RecordFold(TimeSpan.FromMilliseconds(42), rows: 1);
        var version = new Dashboard.Versions.RecordedVersion("2.0.0", VersionStatus.Valid, "000000002.000000000.000000000~");
        var rollups = new Dictionary<RollupKey, RollupTally>
        {
            [new RollupKey("flag-a", 0, null, "acme", "2.0.0", "server", "2.0.0", 0)] = new(version, version, DateTime.UnixEpoch),
            [new RollupKey("flag-a", 0, null, "globex", "2.0.0", "server", "2.0.0", 0)] = new(version, version, DateTime.UnixEpoch),
        };
        // The folder is not running here, so the batch stays pending.
        Services.GetRequiredService<IngestFolder>().Add(
            new JournaledBatch(7, 1, "key", "hash", "native", null, DateTime.UnixEpoch, 2, rollups, new Dictionary<(string, int), string>()));

        var page = RenderWithMud<IngestLiveSettings>();

        var status = System.Text.RegularExpressions.Regex.Replace(page.Find("[data-testid=fold-status]").TextContent, @"\s+", " ");
        Assert.Contains("1 fold so far (the last wrote 1 row in 42 ms)", status, StringComparison.Ordinal);
        Assert.Contains("1 committed batch (2 rows) waiting for the next fold", status, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingYet_SaysSoInsteadOfAnEmptyTable()
    {
        var page = RenderWithMud<IngestLiveSettings>();

        Assert.Equal("0", page.Find("[data-testid=batches-committed-value]").TextContent.Trim());
        Assert.Contains("No request refused since the app started.", page.Find("[data-testid=rejects-table]").TextContent, StringComparison.Ordinal);
    }
}
