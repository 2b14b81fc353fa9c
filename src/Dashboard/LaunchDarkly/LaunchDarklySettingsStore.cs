using System.Security.Cryptography;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.LaunchDarkly;

/// <summary>
/// Reads and saves the LaunchDarkly connection settings. A token entered in the UI is stored protected with ASP.NET
/// Core Data Protection and is write-only: it can be replaced or cleared, never read back out to a page.
/// </summary>
public sealed class LaunchDarklySettingsStore(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    IOptions<LaunchDarklyOptions> options,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    private const string TokenPurpose = "Sundial.LaunchDarkly.ApiToken";

    private readonly IDataProtector protector = dataProtection.CreateProtector(TokenPurpose);

    public async Task<LaunchDarklySettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.LaunchDarklyConnections.AsNoTracking().Where(c => c.Id == LaunchDarklyConnection.SingletonId).FirstOrDefaultAsync(cancellationToken);
        var configured = options.Value;
        var tokenSource = row?.ProtectedApiToken is { } protectedToken
            ? (TryUnprotect(protectedToken) is null ? LaunchDarklyTokenSource.Unreadable : LaunchDarklyTokenSource.Settings)
            : string.IsNullOrEmpty(configured.ApiToken) ? LaunchDarklyTokenSource.None : LaunchDarklyTokenSource.Configuration;
        var lastSync = row?.LastSyncStartedAt is { } started
            ? new LaunchDarklySyncStatus(started, row.LastSyncFinishedAt, row.LastSyncSucceeded ?? false, row.LastSyncSummary ?? "")
            : null;
        return new LaunchDarklySettings(
            row?.ProjectKey ?? configured.ProjectKey,
            row?.SyncIntervalMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : configured.SyncInterval,
            tokenSource,
            row?.ApiTokenUpdatedAt,
            lastSync);
    }

    /// <summary>The token to call LaunchDarkly with, or null when none is usable.</summary>
    public async Task<string?> GetApiTokenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var protectedToken = await db.LaunchDarklyConnections.AsNoTracking().Where(c => c.Id == LaunchDarklyConnection.SingletonId).Select(c => c.ProtectedApiToken).FirstOrDefaultAsync(cancellationToken);
        return protectedToken is not null ? TryUnprotect(protectedToken) : options.Value.ApiToken;
    }

    /// <summary>Saves the project key and interval (minutes; 0 = off). Returns a message naming the bad field, or null.</summary>
    public async Task<string?> SaveConnectionAsync(string actor, string? projectKey, int syncIntervalMinutes, CancellationToken cancellationToken = default)
    {
        projectKey = string.IsNullOrWhiteSpace(projectKey) ? null : projectKey.Trim();
        if (projectKey is not null && !LaunchDarklyKeys.IsValid(projectKey))
        {
            return "Project key: use letters, digits, '.', '_' and '-' only.";
        }

        if (syncIntervalMinutes is < 0 or > 1440)
        {
            return "Sync interval: 0 (off) or 1 to 1440 minutes.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await GetOrAddRowAsync(db, cancellationToken);
        var before = new { row.ProjectKey, row.SyncIntervalMinutes };
        row.ProjectKey = projectKey;
        row.SyncIntervalMinutes = syncIntervalMinutes;
        auditLog.Record(db, actor, "launchdarkly.settings-saved", nameof(LaunchDarklyConnection), null, "LaunchDarkly connection settings saved",
            before, new { row.ProjectKey, row.SyncIntervalMinutes });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Stores a new token (protected), or clears the stored one when <paramref name="token"/> is null.</summary>
    public async Task<string?> SaveApiTokenAsync(string actor, string? token, CancellationToken cancellationToken = default)
    {
        token = token?.Trim();
        if (token is not null && (token.Length < 8 || token.Any(char.IsWhiteSpace)))
        {
            return "API token: paste the whole access token (no spaces).";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await GetOrAddRowAsync(db, cancellationToken);
        row.ProtectedApiToken = token is null ? null : protector.Protect(token);
        row.ApiTokenUpdatedAt = token is null ? null : timeProvider.GetUtcNow().UtcDateTime;
        // The audit entry records that the token changed, never the token.
        auditLog.Record(db, actor, token is null ? "launchdarkly.token-cleared" : "launchdarkly.token-set", nameof(LaunchDarklyConnection), null,
            token is null ? "LaunchDarkly API token cleared" : $"LaunchDarkly API token set (ending …{token[^4..]})");
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Saves each environment's LaunchDarkly project and environment keys. Returns messages naming bad fields.</summary>
    public async Task<IReadOnlyList<string>> SaveMappingAsync(string actor, IReadOnlyList<LaunchDarklyEnvironmentMapping> mappings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        var problems = new List<string>();
        foreach (var mapping in mappings)
        {
            if (mapping.ProjectKey is { Length: > 0 } p && !LaunchDarklyKeys.IsValid(p))
            {
                problems.Add($"{mapping.EnvironmentName}: project key \"{p}\" may use letters, digits, '.', '_' and '-' only.");
            }

            if (mapping.LaunchDarklyEnvironmentKey is { Length: > 0 } e && !LaunchDarklyKeys.IsValid(e))
            {
                problems.Add($"{mapping.EnvironmentName}: LaunchDarkly environment key \"{e}\" may use letters, digits, '.', '_' and '-' only.");
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = mappings.Select(m => m.EnvironmentId).ToList();
        var environments = await db.Environments.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        foreach (var mapping in mappings)
        {
            if (!environments.TryGetValue(mapping.EnvironmentId, out var environment))
            {
                problems.Add($"{mapping.EnvironmentName}: the environment no longer exists.");
                continue;
            }

            var before = new { environment.LaunchDarklyProjectKey, environment.LaunchDarklyEnvironmentKey };
            var project = NullIfBlank(mapping.ProjectKey);
            var ldEnvironment = NullIfBlank(mapping.LaunchDarklyEnvironmentKey);
            if (before.LaunchDarklyProjectKey == project && before.LaunchDarklyEnvironmentKey == ldEnvironment)
            {
                continue;
            }

            environment.LaunchDarklyProjectKey = project;
            environment.LaunchDarklyEnvironmentKey = ldEnvironment;
            auditLog.Record(db, actor, "environment.launchdarkly-mapped", nameof(DashboardEnvironment), environment.Key,
                $"{environment.Key} → LaunchDarkly {project ?? "(default project)"}/{ldEnvironment ?? "(not synced)"}",
                before, new { environment.LaunchDarklyProjectKey, environment.LaunchDarklyEnvironmentKey });
        }

        if (problems.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return problems;
    }

    public async Task<IReadOnlyList<LaunchDarklyEnvironmentMapping>> GetMappingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Environments.AsNoTracking()
            .OrderByDescending(e => e.IsDefault).ThenBy(e => e.Name)
            .Select(e => new LaunchDarklyEnvironmentMapping(e.Id, e.Key, e.Name, e.LaunchDarklyProjectKey, e.LaunchDarklyEnvironmentKey))
            .ToListAsync(cancellationToken);
    }

    internal async Task RecordSyncAsync(LaunchDarklySyncStatus status, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await GetOrAddRowAsync(db, cancellationToken);
        row.LastSyncStartedAt = status.StartedAt;
        row.LastSyncFinishedAt = status.FinishedAt;
        row.LastSyncSucceeded = status.Succeeded;
        row.LastSyncSummary = status.Summary.Length > 4000 ? status.Summary[..3997] + "…" : status.Summary;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<LaunchDarklyConnection> GetOrAddRowAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.LaunchDarklyConnections.Where(c => c.Id == LaunchDarklyConnection.SingletonId).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new LaunchDarklyConnection();
            db.LaunchDarklyConnections.Add(row);
        }

        return row;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private string? TryUnprotect(string protectedToken)
    {
        try
        {
            return protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            // The key ring changed (e.g. a new machine without persisted keys); the admin must enter the token again.
            return null;
        }
    }
}
