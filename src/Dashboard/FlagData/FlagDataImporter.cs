using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.FlagData;

/// <summary>
/// Stores LaunchDarkly SDK data (<c>{"flags":{…},"segments":{…}}</c>) as the full flag data of an environment: a new
/// snapshot for each flag or segment that changed, a deleted marker for each one that is gone, and Sundial's flag rows
/// kept in step with the variations. The data is validated completely first, limits (<see cref="FlagDataLimits"/>) included;
/// with any error nothing is stored.
/// </summary>
public sealed class FlagDataImporter(
    IDbContextFactory<DashboardDbContext> dbFactory,
    FlagDataCache cache,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    /// <param name="environmentId">The environment whose flag data this replaces.</param>
    /// <param name="sdkDataJson">SDK data JSON.</param>
    /// <param name="origin">One of <see cref="FlagDataOrigin"/>.</param>
    /// <param name="actor">Who imports, for the audit log.</param>
    /// <param name="metadata">Flag and variation names from LaunchDarkly's REST API, when known.</param>
    /// <param name="cancellationToken">Cancels before anything is committed.</param>
    public async Task<FlagDataImportResult> ImportAsync(
        int environmentId,
        string sdkDataJson,
        string origin,
        string actor,
        IReadOnlyDictionary<string, FlagMetadata>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sdkDataJson);
        var loaded = FlagStore.Load(sdkDataJson);
        if (!loaded.Succeeded)
        {
            return FlagDataImportResult.Failed(loaded.Errors);
        }

        var overLimits = FlagDataLimits.Check(loaded.Store!);
        if (overLimits.Count > 0)
        {
            return FlagDataImportResult.Failed(overLimits);
        }

        var document = JsonNode.Parse(sdkDataJson)!.AsObject();
        var incomingFlags = Items(document, "flags");
        var incomingSegments = Items(document, "segments");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == environmentId, cancellationToken);
        if (environment is null)
        {
            return FlagDataImportResult.Failed($"environment {environmentId} does not exist");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;

        var latestFlags = (await StoredFlagData.LatestFlagsAsync(db, environmentId, cancellationToken)).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var flagChanges = Reconcile(latestFlags, incomingFlags, (key, version, json) => db.FlagSnapshots.Add(new FlagSnapshot
        {
            EnvironmentId = environmentId, FlagKey = key, Version = version, Json = json, SyncedAt = now, Origin = origin,
        }));
        var latestSegments = (await StoredFlagData.LatestSegmentsAsync(db, environmentId, cancellationToken)).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var segmentChanges = Reconcile(latestSegments, incomingSegments, (key, version, json) => db.SegmentSnapshots.Add(new SegmentSnapshot
        {
            EnvironmentId = environmentId, SegmentKey = key, Version = version, Json = json, SyncedAt = now, Origin = origin,
        }));

        var flagRowsCreated = await SyncFlagRowsAsync(db, environmentId, loaded.Store!, metadata, now, cancellationToken);

        var result = new FlagDataImportResult(
            [],
            flagChanges.Added.Count,
            flagChanges.Changed.Count,
            flagChanges.Removed.Count,
            flagChanges.Unchanged,
            segmentChanges.Added.Count + segmentChanges.Changed.Count + segmentChanges.Removed.Count);
        auditLog.Record(
            db,
            actor,
            origin == FlagDataOrigin.Sync ? "flagdata.synced" : "flagdata.imported",
            nameof(DashboardEnvironment),
            environment.Key,
            $"{origin}: {result.Describe()}",
            after: new
            {
                flagsAdded = flagChanges.Added,
                flagsChanged = flagChanges.Changed,
                flagsRemoved = flagChanges.Removed,
                segmentsChanged = segmentChanges.Added.Concat(segmentChanges.Changed).Concat(segmentChanges.Removed).ToList(),
                flagRowsCreated,
            });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate(environmentId);
        return result;
    }

    private static Dictionary<string, JsonObject> Items(JsonObject document, string section)
    {
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (document[section] is not JsonObject sectionObject)
        {
            return items;
        }

        foreach (var (key, node) in sectionObject)
        {
            // The store keys items by their property name; keep the stored JSON self-describing.
            var item = node!.AsObject().DeepClone().AsObject();
            item["key"] = key;
            items[key] = item;
        }

        return items;
    }

    private static Reconciliation Reconcile(
        Dictionary<string, StoredFlagData.LatestSnapshot> latest,
        Dictionary<string, JsonObject> incoming,
        Action<string, int, string> addSnapshot)
    {
        var reconciliation = new Reconciliation();
        foreach (var (key, item) in incoming.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var version = item["version"] is JsonValue value && value.TryGetValue<int>(out var v) ? v : 0;
            if (!latest.TryGetValue(key, out var previous) || IsDeleted(previous.Json))
            {
                addSnapshot(key, Math.Max(version, (previous?.Version ?? 0) + 1), item.ToJsonString());
                reconciliation.Added.Add(key);
            }
            else if (!JsonNode.DeepEquals(JsonNode.Parse(previous.Json), item))
            {
                // The snapshot version must grow even when an edited file keeps LaunchDarkly's version number.
                addSnapshot(key, Math.Max(version, previous.Version + 1), item.ToJsonString());
                reconciliation.Changed.Add(key);
            }
            else
            {
                reconciliation.Unchanged++;
            }
        }

        foreach (var (key, previous) in latest.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!incoming.ContainsKey(key) && !IsDeleted(previous.Json))
            {
                var tombstone = new JsonObject { ["key"] = key, ["version"] = previous.Version + 1, ["deleted"] = true };
                addSnapshot(key, previous.Version + 1, tombstone.ToJsonString());
                reconciliation.Removed.Add(key);
            }
        }

        return reconciliation;
    }

    private static bool IsDeleted(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True;
    }

    /// <summary>Creates flags for new keys and updates variation values; legacy marks and variations no longer in the data are kept.</summary>
    private static async Task<List<string>> SyncFlagRowsAsync(
        DashboardDbContext db,
        int environmentId,
        FlagStore store,
        IReadOnlyDictionary<string, FlagMetadata>? metadata,
        DateTime now,
        CancellationToken cancellationToken)
    {
        var rows = await db.Flags.Include(f => f.Variations).Where(f => f.EnvironmentId == environmentId)
            .ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken);
        var created = new List<string>();
        foreach (var (key, flag) in store.Flags.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (flag.Deleted)
            {
                continue;
            }

            var names = metadata?.GetValueOrDefault(key);
            if (!rows.TryGetValue(key, out var row))
            {
                row = new Flag
                {
                    EnvironmentId = environmentId, Key = key, Name = names?.Name ?? key, Description = names?.Description,
                    Source = FlagSource.LaunchDarkly, CreatedAt = now,
                };
                db.Flags.Add(row);
                created.Add(key);
            }
            else if (row.Source == FlagSource.Discovered)
            {
                row.Source = FlagSource.LaunchDarkly;
            }

            for (var index = 0; index < flag.Variations.Count; index++)
            {
                var valueJson = flag.Variations[index].GetRawText();
                var name = names is not null && index < names.VariationNames.Count ? names.VariationNames[index] : null;
                var variation = row.Variations.FirstOrDefault(v => v.Index == index);
                if (variation is null)
                {
                    row.Variations.Add(new FlagVariation { Index = index, ValueJson = valueJson, Name = name });
                    continue;
                }

                variation.ValueJson = valueJson;
                variation.Name = name ?? variation.Name;
            }
        }

        return created;
    }

    private sealed class Reconciliation
    {
        public List<string> Added { get; } = [];

        public List<string> Changed { get; } = [];

        public List<string> Removed { get; } = [];

        public int Unchanged { get; set; }
    }
}
