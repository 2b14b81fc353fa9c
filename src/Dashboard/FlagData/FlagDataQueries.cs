using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.FlagData;

/// <summary>Read side of stored flag data: export as SDK data JSON, and a flag's history across snapshot versions.</summary>
public sealed class FlagDataQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly HashSet<string> UninterestingChanges = new(StringComparer.Ordinal) { "version" };

    /// <summary>The environment's current flag data in LaunchDarkly's SDK data format, as import accepts it.</summary>
    public async Task<string> ExportAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var document = await StoredFlagData.LoadDocumentAsync(db, environmentId, cancellationToken);
        return document.ToJsonString(Indented);
    }

    /// <summary>Every stored version of a flag, newest first, each with its changes against the version before it.</summary>
    public async Task<IReadOnlyList<FlagHistoryEntry>> GetHistoryAsync(int environmentId, string flagKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var snapshots = await db.FlagSnapshots.AsNoTracking()
            .Where(s => s.EnvironmentId == environmentId && s.FlagKey == flagKey)
            .OrderBy(s => s.Id)
            .Select(s => new { s.Version, s.SyncedAt, s.Origin, s.Json })
            .ToListAsync(cancellationToken);
        var entries = new List<FlagHistoryEntry>(snapshots.Count);
        JsonNode? previous = null;
        foreach (var snapshot in snapshots)
        {
            var current = JsonNode.Parse(snapshot.Json);
            var deleted = current?["deleted"]?.GetValueKind() == JsonValueKind.True;
            var changes = deleted ? [] : JsonDiff.Compare(previous ?? new JsonObject(), current, UninterestingChanges);
            entries.Add(new FlagHistoryEntry(snapshot.Version, snapshot.SyncedAt, snapshot.Origin, deleted, changes));
            previous = deleted ? null : current;
        }

        entries.Reverse();
        return entries;
    }
}
