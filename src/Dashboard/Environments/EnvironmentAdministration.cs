using System.Text.RegularExpressions;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Dashboard.Ingest;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Environments;

/// <summary>Adds, renames and reads environments and edits their version schemes and consumer mapping; edits are validated, audited and take effect for ingest at once.</summary>
public sealed partial class EnvironmentAdministration(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, IngestEnvironmentCache ingestEnvironments, TimeProvider timeProvider)
{
    public const int MaxCandidates = 10;

    public const int MaxKeyLength = 64;

    public const int MaxNameLength = 100;

    /// <summary>Adds an environment with default version schemes and mapping; errors per field (<c>key</c>, <c>name</c>), nothing stored then.</summary>
    public async Task<FieldErrors> AddAsync(string actor, string? key, string? name, CancellationToken cancellationToken = default)
    {
        key = key?.Trim();
        name = name?.Trim();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(key))
        {
            errors.Add("key", "Key is required, e.g. staging.");
        }
        else if (TextRules.KeyProblem(key, MaxKeyLength) is { } keyProblem)
        {
            errors.Add("key", $"Key {keyProblem}.");
        }
        else if (key.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add("key", "Key must not contain spaces: it appears in links (?env=key); use '-' or '_'.");
        }

        CheckName(name, errors);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!errors.Has("key") && (await db.Environments.Select(e => e.Key).ToListAsync(cancellationToken)).Contains(key!, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("key", $"An environment with the key '{key}' already exists.");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var environment = new DashboardEnvironment { Key = key!, Name = name!, CreatedAt = timeProvider.GetUtcNow().UtcDateTime };
        db.Environments.Add(environment);
        auditLog.Record(db, actor, "environment.create", nameof(DashboardEnvironment), key, $"Added environment '{name}' ({key})", after: new { Key = key, Name = name });
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Renames an environment (the key stays: links, API keys and SDK keys refer to it); errors per field (<c>name</c>).</summary>
    public async Task<FieldErrors> RenameAsync(string actor, int id, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        var errors = new FieldErrors();
        CheckName(name, errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (environment is null)
        {
            errors.Add("environment", "The environment no longer exists.");
        }

        if (!errors.IsEmpty || environment!.Name == name)
        {
            return errors;
        }

        var before = environment.Name;
        environment.Name = name!;
        auditLog.Record(db, actor, "environment.rename", nameof(DashboardEnvironment), environment.Key,
            $"Renamed environment '{before}' to '{name}'", new { Name = before }, new { Name = name });
        await db.SaveChangesAsync(cancellationToken);
        ingestEnvironments.Invalidate(id);
        return errors;
    }

    private static void CheckName(string? name, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "Name is required, e.g. Staging.");
        }
        else if (TextRules.TextProblem(name, MaxNameLength) is { } nameProblem)
        {
            errors.Add("name", $"Name {nameProblem}.");
        }
    }

    public async Task<IReadOnlyList<EnvironmentSettings>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Environments.AsNoTracking()
            .OrderByDescending(e => e.IsDefault).ThenBy(e => e.Name)
            .Select(e => new EnvironmentSettings(e.Id, e.Key, e.Name, e.IsDefault, e.ApiVersionScheme, e.ClientVersionScheme, e.ConsumerMapping))
            .ToListAsync(cancellationToken);
    }

    /// <summary>What is wrong with a mapping, per field (<c>consumerKeyAttributes</c>, …); empty when it is valid.</summary>
    public static FieldErrors Validate(ConsumerMapping mapping)
    {
        var errors = new FieldErrors();
        Check("consumerKeyAttributes", mapping.ConsumerKeyAttributes, required: true);
        Check("apiVersionAttributes", mapping.ApiVersionAttributes, required: false);
        Check("clientTypeAttributes", mapping.ClientTypeAttributes, required: false);
        Check("clientVersionAttributes", mapping.ClientVersionAttributes, required: false);
        return errors;

        void Check(string field, List<string> candidates, bool required)
        {
            if (required && candidates.Count == 0)
            {
                errors.Add(field, "Name at least one attribute, e.g. api-consumer.key.");
            }
            else if (candidates.Count > MaxCandidates)
            {
                errors.Add(field, $"Use at most {MaxCandidates} candidates.");
            }
            else if (candidates.FirstOrDefault(c => !CandidatePattern().IsMatch(c)) is { } bad)
            {
                errors.Add(field, $"'{bad}' is not an attribute reference: use kind.attribute (e.g. request.apiVersion) or a bare attribute name, letters, digits, '.', '-', '_' only.");
            }
        }
    }

    public async Task<FieldErrors> UpdateAsync(
        string actor, int id, VersionScheme apiVersionScheme, VersionScheme clientVersionScheme, ConsumerMapping mapping, CancellationToken cancellationToken = default)
    {
        var cleaned = new ConsumerMapping
        {
            ConsumerKeyAttributes = Clean(mapping.ConsumerKeyAttributes),
            ApiVersionAttributes = Clean(mapping.ApiVersionAttributes),
            ClientTypeAttributes = Clean(mapping.ClientTypeAttributes),
            ClientVersionAttributes = Clean(mapping.ClientVersionAttributes),
        };
        var errors = Validate(cleaned);
        if (!Enum.IsDefined(apiVersionScheme))
        {
            errors.Add("apiVersionScheme", "Choose semver, date or opaque.");
        }

        if (!Enum.IsDefined(clientVersionScheme))
        {
            errors.Add("clientVersionScheme", "Choose semver, date or opaque.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (environment is null)
        {
            errors.Add("environment", "The environment no longer exists.");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var before = new { environment!.ApiVersionScheme, environment.ClientVersionScheme, ConsumerMapping = Copy(environment.ConsumerMapping) };
        environment.ApiVersionScheme = apiVersionScheme;
        environment.ClientVersionScheme = clientVersionScheme;
        environment.ConsumerMapping = cleaned;
        auditLog.Record(db, actor, "environment.update", nameof(DashboardEnvironment), environment.Key,
            $"Updated version schemes and consumer mapping of '{environment.Name}'", before, new { apiVersionScheme, clientVersionScheme, ConsumerMapping = cleaned });
        await db.SaveChangesAsync(cancellationToken);
        ingestEnvironments.Invalidate(id);
        return errors;
    }

    private static List<string> Clean(IEnumerable<string> candidates) =>
        [.. candidates.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)];

    private static ConsumerMapping Copy(ConsumerMapping mapping) => new()
    {
        ConsumerKeyAttributes = [.. mapping.ConsumerKeyAttributes],
        ApiVersionAttributes = [.. mapping.ApiVersionAttributes],
        ClientTypeAttributes = [.. mapping.ClientTypeAttributes],
        ClientVersionAttributes = [.. mapping.ClientVersionAttributes],
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex CandidatePattern();
}
