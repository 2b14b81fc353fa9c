using System.Text.Json.Nodes;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.FlagData;

/// <summary>Reads the latest snapshot of every flag and segment of an environment and assembles SDK data JSON from them.</summary>
internal static class StoredFlagData
{
    public sealed record LatestSnapshot(string Key, int Version, string Json);

    public static Task<List<LatestSnapshot>> LatestFlagsAsync(DashboardDbContext db, int environmentId, CancellationToken cancellationToken) =>
        db.FlagSnapshots.AsNoTracking()
            .Where(s => s.EnvironmentId == environmentId
                && s.Id == db.FlagSnapshots.Where(o => o.EnvironmentId == environmentId && o.FlagKey == s.FlagKey).Max(o => o.Id))
            .OrderBy(s => s.FlagKey)
            .Select(s => new LatestSnapshot(s.FlagKey, s.Version, s.Json))
            .ToListAsync(cancellationToken);

    public static Task<List<LatestSnapshot>> LatestSegmentsAsync(DashboardDbContext db, int environmentId, CancellationToken cancellationToken) =>
        db.SegmentSnapshots.AsNoTracking()
            .Where(s => s.EnvironmentId == environmentId
                && s.Id == db.SegmentSnapshots.Where(o => o.EnvironmentId == environmentId && o.SegmentKey == s.SegmentKey).Max(o => o.Id))
            .OrderBy(s => s.SegmentKey)
            .Select(s => new LatestSnapshot(s.SegmentKey, s.Version, s.Json))
            .ToListAsync(cancellationToken);

    /// <summary>SDK data JSON (<c>{"flags":{…},"segments":{…}}</c>) of the latest snapshots, deleted ones left out.</summary>
    public static async Task<JsonObject> LoadDocumentAsync(DashboardDbContext db, int environmentId, CancellationToken cancellationToken)
    {
        var flags = await LatestFlagsAsync(db, environmentId, cancellationToken);
        var segments = await LatestSegmentsAsync(db, environmentId, cancellationToken);
        return new JsonObject
        {
            ["flags"] = Section(flags),
            ["segments"] = Section(segments),
        };
    }

    private static JsonObject Section(IEnumerable<LatestSnapshot> snapshots)
    {
        var section = new JsonObject();
        foreach (var snapshot in snapshots)
        {
            var item = JsonNode.Parse(snapshot.Json);
            if (item is JsonObject itemObject && itemObject["deleted"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                continue;
            }

            section[snapshot.Key] = item;
        }

        return section;
    }
}
