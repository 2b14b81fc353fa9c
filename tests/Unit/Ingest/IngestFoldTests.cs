using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Versions;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Merging journaled requests: the same rollup row from several requests becomes one tally, and a failed fold's counts are kept.</summary>
public sealed class IngestFoldTests
{
    private static readonly RecordedVersion Version = new("2.3.0", VersionStatus.Valid, "000000002.000000003.000000000~");
    private static readonly RecordedVersion Missing = new("", VersionStatus.Missing, "~~missing");
    private static readonly DateTime Noon = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void SameRowFromTwoRequests_IsOneTally_WithTheSumAndTheSpanOfBoth()
    {
        var fold = new IngestFold();

        fold.Add(Batch(1, ("acme", 3, Noon.AddMinutes(10))));
        fold.Add(Batch(2, ("acme", 4, Noon.AddMinutes(5)), ("globex", 1, Noon)));

        var acme = fold.Rollups[Key(1, "acme")];
        Assert.Equal((7L, Noon.AddMinutes(5), Noon.AddMinutes(10)), (acme.Count, acme.FirstAt, acme.LastAt));
        Assert.Equal(2, fold.Rollups.Count);
        Assert.Equal(8, fold.Evaluations);
        Assert.Equal(2, fold.ThroughJournalId);
        Assert.Equal([1L, 2L], fold.Batches.Select(b => b.JournalId));
        // The records stay; their tallies live only in the merged rows.
        Assert.All(fold.Batches, b => Assert.Empty(b.Rollups));
    }

    [Fact]
    public void SameRowInAnotherEnvironment_StaysApart()
    {
        var fold = new IngestFold();

        fold.Add(Batch(1, ("acme", 3, Noon)));
        fold.Add(Batch(2, ("acme", 4, Noon)) with { EnvironmentId = 2 });

        Assert.Equal(3, fold.Rollups[Key(1, "acme")].Count);
        Assert.Equal(4, fold.Rollups[Key(2, "acme")].Count);
    }

    [Fact]
    public void AbsorbingAFailedFold_KeepsItsCountsAndBatchesAheadOfTheNewOnes()
    {
        var failed = new IngestFold();
        failed.Add(Batch(1, ("acme", 3, Noon)));
        var next = new IngestFold();
        next.Add(Batch(2, ("acme", 4, Noon)));

        next.Absorb(failed);

        Assert.Equal(7, next.Rollups[Key(1, "acme")].Count);
        Assert.Equal([1L, 2L], next.Batches.Select(b => b.JournalId));
        Assert.Equal((2L, 7L), (next.ThroughJournalId, next.Evaluations));
        // The failed fold's own tally is not shared, so clearing it for reuse cannot change the absorbed counts.
        failed.Clear();
        Assert.Equal(7, next.Rollups[Key(1, "acme")].Count);
        Assert.True(failed.IsEmpty);
    }

    private static FoldKey Key(int environmentId, string consumer) =>
        new(environmentId, new RollupKey("flag-a", 1, null, consumer, "2.3.0", "server", "", 1_773_144_000));

    private static JournaledBatch Batch(long journalId, params (string Consumer, long Count, DateTime At)[] rows)
    {
        var rollups = new Dictionary<RollupKey, RollupTally>();
        foreach (var (consumer, count, at) in rows)
        {
            var tally = new RollupTally(Version, Missing, at);
            tally.Add(count, at);
            rollups.Add(Key(1, consumer).Rollup, tally);
        }

        return new JournaledBatch(journalId, 1, "key-" + journalId, "hash", "native", null, Noon, rows.Length, rollups, new Dictionary<(string, int), string>());
    }
}
