using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Everything ingest can write, summarised, so a test can assert that a refused request stored nothing.</summary>
public sealed record StoredIngest(int Rollups, long EvaluationCount, int States, int Batches, int Flags, int Variations, int Consumers)
{
    public static async Task<StoredIngest> ReadAsync(IngestAppFactory factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return new StoredIngest(
            await db.EvaluationRollups.CountAsync(),
            await db.EvaluationRollups.SumAsync(r => (long?)r.Count) ?? 0,
            await db.ConsumerFlagStates.CountAsync(),
            await db.IngestBatches.CountAsync(),
            await db.Flags.CountAsync(),
            await db.FlagVariations.CountAsync(),
            await db.Consumers.CountAsync());
    }
}
