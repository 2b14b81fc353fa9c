using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Dashboard.Security;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Ingest;

/// <summary>Creates, lists and revokes API keys and LaunchDarkly SDK keys. Secrets are shown once and stored as hashes; every change is audited.</summary>
public sealed class IngestKeyAdministration(
    IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, KeyDirectory keyDirectory, TimeProvider timeProvider)
{
    public const int MaxNameLength = 128;

    public const int MinSdkKeyLength = 8;

    public const int MaxSdkKeyLength = 256;

    public async Task<(IReadOnlyList<ApiKeyRow> Rows, int Total)> QueryApiKeysAsync(KeyListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = db.ApiKeys.AsNoTracking();
        var total = await keys.CountAsync(cancellationToken);
        IOrderedQueryable<ApiKey> ordered = (query.SortBy, query.Descending) switch
        {
            ("name", false) => keys.OrderBy(k => k.Name),
            ("name", true) => keys.OrderByDescending(k => k.Name),
            ("prefix", false) => keys.OrderBy(k => k.Prefix),
            ("prefix", true) => keys.OrderByDescending(k => k.Prefix),
            ("lastUsed", false) => keys.OrderBy(k => k.LastUsedAt),
            ("lastUsed", true) => keys.OrderByDescending(k => k.LastUsedAt),
            ("created", false) => keys.OrderBy(k => k.CreatedAt),
            _ => keys.OrderByDescending(k => k.CreatedAt),
        };
        var rows = await ordered.ThenBy(k => k.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(k => new ApiKeyRow(k.Id, k.Prefix, k.Name, k.Environment!.Name, k.Scopes, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    public async Task<(IReadOnlyList<SdkKeyRow> Rows, int Total)> QuerySdkKeysAsync(KeyListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = db.SdkKeys.AsNoTracking();
        var total = await keys.CountAsync(cancellationToken);
        IOrderedQueryable<SdkKey> ordered = (query.SortBy, query.Descending) switch
        {
            ("name", false) => keys.OrderBy(k => k.Name),
            ("name", true) => keys.OrderByDescending(k => k.Name),
            ("lastUsed", false) => keys.OrderBy(k => k.LastUsedAt),
            ("lastUsed", true) => keys.OrderByDescending(k => k.LastUsedAt),
            ("created", false) => keys.OrderBy(k => k.CreatedAt),
            _ => keys.OrderByDescending(k => k.CreatedAt),
        };
        var rows = await ordered.ThenBy(k => k.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(k => new SdkKeyRow(k.Id, k.Name, k.Suffix, k.Environment!.Name, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    /// <summary>Creates a key; returns the secret (shown once) or what is wrong with the input, per field.</summary>
    public async Task<(CreatedApiKey? Key, FieldErrors Errors)> CreateApiKeyAsync(
        string actor, string? name, int environmentId, ApiKeyScopes scopes, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        name = name?.Trim();
        CheckName(name, errors);
        if (scopes == ApiKeyScopes.None || (scopes & ~ApiKeyScopes.All) != 0)
        {
            errors.Add("scopes", "Choose at least one scope.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Environments.AnyAsync(e => e.Id == environmentId, cancellationToken))
        {
            errors.Add("environment", "Choose an environment.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var secret = ApiKeySecrets.Create();
        var key = new ApiKey
        {
            Name = name!, EnvironmentId = environmentId, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret),
            Scopes = scopes, CreatedAt = timeProvider.GetUtcNow().UtcDateTime, CreatedBy = actor,
        };
        // The audit entry names the new id, so both saves share one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        auditLog.Record(db, actor, "api-key.create", nameof(ApiKey), key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Created API key '{key.Name}' ({key.Prefix}…) with scopes {key.Scopes}", after: new { key.Name, key.Prefix, key.EnvironmentId, Scopes = key.Scopes.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new CreatedApiKey(key.Id, key.Prefix, secret), errors);
    }

    /// <summary>Revokes a key; it stops working at once. False when it does not exist or was already revoked.</summary>
    public async Task<bool> RevokeApiKeyAsync(string actor, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }

        key.RevokedAt = timeProvider.GetUtcNow().UtcDateTime;
        auditLog.Record(db, actor, "api-key.revoke", nameof(ApiKey), key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Revoked API key '{key.Name}' ({key.Prefix}…)", before: new { RevokedAt = (DateTime?)null }, after: new { key.RevokedAt });
        await db.SaveChangesAsync(cancellationToken);
        keyDirectory.Forget(key.SecretHash);
        return true;
    }

    /// <summary>Registers a LaunchDarkly SDK key for an environment; only its hash and last four characters are kept.</summary>
    public async Task<FieldErrors> RegisterSdkKeyAsync(
        string actor, string? name, int environmentId, string? sdkKey, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        name = name?.Trim();
        sdkKey = sdkKey?.Trim();
        CheckName(name, errors);
        if (string.IsNullOrEmpty(sdkKey) || sdkKey.Length < MinSdkKeyLength || sdkKey.Length > MaxSdkKeyLength || sdkKey.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add("sdkKey", $"Paste the SDK key ({MinSdkKeyLength} to {MaxSdkKeyLength} characters, no spaces), e.g. sdk-…");
        }
        else if (TextRules.KeyProblem(sdkKey, MaxSdkKeyLength) is { } problem)
        {
            // The one key rule (control, invisible and bidirectional characters, non-ASCII spaces), as for every other key.
            errors.Add("sdkKey", $"The SDK key {problem}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Environments.AnyAsync(e => e.Id == environmentId, cancellationToken))
        {
            errors.Add("environment", "Choose an environment.");
        }

        var hash = sdkKey is null ? "" : ApiKeySecrets.Hash(sdkKey);
        if (!errors.Has("sdkKey") && await db.SdkKeys.AnyAsync(k => k.KeyHash == hash, cancellationToken))
        {
            errors.Add("sdkKey", "This SDK key is already registered.");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var key = new SdkKey { Name = name!, EnvironmentId = environmentId, Suffix = sdkKey![^4..], KeyHash = hash, CreatedAt = timeProvider.GetUtcNow().UtcDateTime };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SdkKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        auditLog.Record(db, actor, "sdk-key.register", nameof(SdkKey), key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Registered LaunchDarkly SDK key '{key.Name}' (…{key.Suffix})", after: new { key.Name, key.Suffix, key.EnvironmentId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        keyDirectory.Forget(hash);
        return errors;
    }

    public async Task<bool> RevokeSdkKeyAsync(string actor, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.SdkKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }

        key.RevokedAt = timeProvider.GetUtcNow().UtcDateTime;
        auditLog.Record(db, actor, "sdk-key.revoke", nameof(SdkKey), key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Revoked LaunchDarkly SDK key '{key.Name}' (…{key.Suffix})", before: new { RevokedAt = (DateTime?)null }, after: new { key.RevokedAt });
        await db.SaveChangesAsync(cancellationToken);
        keyDirectory.Forget(key.KeyHash);
        return true;
    }

    private static void CheckName(string? name, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "Give the key a name that says who uses it.");
        }
        else if (TextRules.TextProblem(name, MaxNameLength) is { } problem)
        {
            errors.Add("name", $"The name {problem}.");
        }
    }
}
