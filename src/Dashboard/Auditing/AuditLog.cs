using System.Text.Json;
using Dashboard.Data;
using Dashboard.Data.Entities;

namespace Dashboard.Auditing;

/// <summary>Writes audit entries. Callers add the entry to the same context as the change, so both commit together.</summary>
public sealed class AuditLog(TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    public AuditEntry Record(
        DashboardDbContext db,
        string actor,
        string action,
        string entityType,
        string? entityId,
        string? summary,
        object? before = null,
        object? after = null)
    {
        var entry = new AuditEntry
        {
            At = timeProvider.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Summary = summary,
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, SnapshotJson),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, SnapshotJson),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
