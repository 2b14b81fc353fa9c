using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Notifications;

/// <summary>Adds any default template whose key is missing; templates users have edited are left alone.</summary>
public sealed class NotificationTemplateSeeder(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider)
{
    public async Task<int> SeedMissingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.NotificationTemplates.Select(t => t.Key).ToListAsync(cancellationToken);
        var missing = DefaultTemplates.Create(timeProvider.GetUtcNow().UtcDateTime).Where(t => !existing.Contains(t.Key)).ToList();
        db.NotificationTemplates.AddRange(missing);
        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }
}
