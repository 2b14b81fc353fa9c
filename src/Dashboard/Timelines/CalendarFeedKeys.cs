using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Timelines;

/// <summary>
/// Per-user secret calendar feed URLs, so calendar apps (which cannot send a Bearer key) can subscribe to the plan
/// calendar. Only the SHA-256 hash of the secret is kept, as an Identity user claim: it belongs to one user, goes when
/// they are deleted, and needs no new table. An API key would not fit: those are per environment, admin-managed and
/// open the whole read API, while a feed URL ends up in calendar apps and must open nothing but the feed.
/// </summary>
public sealed class CalendarFeedKeys(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    /// <summary>The claim type holding the secret's hash and, after a space, when it was created (ISO 8601 UTC).</summary>
    public const string ClaimType = "sundial:calendar-feed";

    public const string RoutePattern = "/feeds/calendar/{secret}.ics";

    public static string Path(string secret) => $"feeds/calendar/{Uri.EscapeDataString(secret)}.ics";

    /// <summary>When the user's current feed URL was created; null when they have none.</summary>
    public async Task<DateTime?> CreatedAtAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var value = await db.UserClaims.AsNoTracking().Where(c => c.UserId == userId && c.ClaimType == ClaimType).Select(c => c.ClaimValue).FirstOrDefaultAsync(cancellationToken);
        return value?.Split(' ') is [_, var created] ? DateTime.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null;
    }

    /// <summary>Replaces the user's feed secret (the old URL stops working) and returns the new one; it is shown only now.</summary>
    public async Task<string> RegenerateAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        var secret = ApiKeySecrets.Create();
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var replaced = await RemoveAsync(db, userId, cancellationToken);
        db.UserClaims.Add(new IdentityUserClaim<string>
        {
            UserId = userId,
            ClaimType = ClaimType,
            ClaimValue = ApiKeySecrets.Hash(secret) + " " + now.ToString("O", CultureInfo.InvariantCulture),
        });
        auditLog.Record(db, actor, replaced ? "calendar-feed.regenerate" : "calendar-feed.create", nameof(DashboardUser), userId,
            replaced ? "Calendar feed URL regenerated; the previous URL no longer works" : "Calendar feed URL created");
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>Revokes the user's feed URL; false when they had none.</summary>
    public async Task<bool> RevokeAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await RemoveAsync(db, userId, cancellationToken))
        {
            return false;
        }

        auditLog.Record(db, actor, "calendar-feed.revoke", nameof(DashboardUser), userId, "Calendar feed URL revoked");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The enabled user a feed secret belongs to; null for an unknown or revoked secret or a disabled user.</summary>
    public async Task<DashboardUser?> FindOwnerAsync(string secret, CancellationToken cancellationToken = default)
    {
        var prefix = ApiKeySecrets.Hash(secret) + " ";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserClaims.AsNoTracking()
            .Where(c => c.ClaimType == ClaimType && c.ClaimValue!.StartsWith(prefix))
            .Join(db.Users, c => c.UserId, u => u.Id, (_, u) => u)
            .Where(u => !u.IsDisabled)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<bool> RemoveAsync(DashboardDbContext db, string userId, CancellationToken cancellationToken)
    {
        var existing = await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == ClaimType).ToListAsync(cancellationToken);
        db.UserClaims.RemoveRange(existing);
        return existing.Count > 0;
    }
}
