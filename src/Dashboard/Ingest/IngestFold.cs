namespace Dashboard.Ingest;

/// <summary>
/// Journaled requests merged into the rows they will add to: one tally per rollup row, the variation values seen and
/// the batch records, for one contiguous range of journal ids. The folder writes it in one transaction.
/// </summary>
public sealed class IngestFold(int expectedRollups = 0)
{
    private static readonly Dictionary<RollupKey, RollupTally> EmptyRollups = [];
    private static readonly Dictionary<(string FlagKey, int Index), string> EmptyVariationValues = [];

    public Dictionary<FoldKey, RollupTally> Rollups { get; } = new(expectedRollups);

    /// <summary>Values seen for variation indexes, so the fold can record variations the flag did not know.</summary>
    public Dictionary<(int EnvironmentId, string FlagKey, int Index), string> VariationValues { get; } = [];

    /// <summary>The batch records (without their tallies, which are merged into <see cref="Rollups"/>).</summary>
    public List<JournaledBatch> Batches { get; } = [];

    /// <summary>The highest journal id in the fold; everything up to it is folded when the fold commits.</summary>
    public long ThroughJournalId { get; private set; }

    public long Evaluations { get; private set; }

    public bool IsEmpty => Batches.Count == 0;

    // Every request brings its own copies of the same consumer keys, flag keys and client types; a fold keeps one of each.
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

    public void Add(JournaledBatch batch)
    {
        foreach (var (key, tally) in batch.Rollups)
        {
            Merge(new FoldKey(batch.EnvironmentId, key), tally);
            Evaluations += tally.Count;
        }

        foreach (var ((flagKey, index), value) in batch.VariationValues)
        {
            VariationValues.TryAdd((batch.EnvironmentId, flagKey, index), value);
        }

        // Only the record is kept; the batch's own dictionaries can be collected.
        Batches.Add(batch with { Rollups = EmptyRollups, VariationValues = EmptyVariationValues });
        ThroughJournalId = Math.Max(ThroughJournalId, batch.JournalId);
    }

    /// <summary>Empties the fold but keeps its capacity, so the next one does not allocate its (large) tables again.</summary>
    public void Clear()
    {
        Rollups.Clear();
        strings.Clear();
        VariationValues.Clear();
        Batches.Clear();
        ThroughJournalId = 0;
        Evaluations = 0;
    }

    /// <summary>Takes back an earlier fold that could not be written, so its counts go with the next attempt.</summary>
    public void Absorb(IngestFold earlier)
    {
        foreach (var (key, tally) in earlier.Rollups)
        {
            Merge(key, tally);
        }

        foreach (var (key, value) in earlier.VariationValues)
        {
            VariationValues.TryAdd(key, value);
        }

        Batches.InsertRange(0, earlier.Batches);
        ThroughJournalId = Math.Max(ThroughJournalId, earlier.ThroughJournalId);
        Evaluations += earlier.Evaluations;
    }

    private string Shared(string value)
    {
        if (strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        strings.Add(value, value);
        return value;
    }

    private void Merge(FoldKey key, RollupTally tally)
    {
        if (Rollups.TryGetValue(key, out var existing))
        {
            existing.Add(tally.Count, tally.FirstAt);
            existing.Add(0, tally.LastAt);
        }
        else
        {
            var copy = new RollupTally(tally.ApiVersion, tally.ClientVersion, tally.FirstAt);
            copy.Add(tally.Count, tally.LastAt);
            var rollup = key.Rollup;
            Rollups.Add(
                key with
                {
                    Rollup = rollup with
                    {
                        FlagKey = Shared(rollup.FlagKey),
                        ConsumerKey = Shared(rollup.ConsumerKey),
                        ApiVersion = Shared(rollup.ApiVersion),
                        ClientType = Shared(rollup.ClientType),
                        ClientVersion = Shared(rollup.ClientVersion),
                    },
                },
                copy);
        }
    }
}
