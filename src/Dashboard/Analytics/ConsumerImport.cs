using System.Globalization;
using CsvHelper;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>
/// CSV import of consumers or contacts: a preview that lists each row's action and errors, and a commit that applies
/// every row in one transaction or none (it re-validates, so a preview gone stale cannot half-apply).
/// </summary>
public sealed class ConsumerImport(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    public const int MaxRows = 10_000;

    private static readonly string[] ConsumerColumns = ["key", "displayName", "organisation", "tier", "owner", "tags"];
    private static readonly string[] ContactColumns = ["consumerKey", "email", "name", "role"];

    public static IReadOnlyList<string> Columns(ImportKind kind) => kind == ImportKind.Consumers ? ConsumerColumns : ContactColumns;

    public async Task<ImportPreview> PreviewAsync(int environmentId, ImportKind kind, string csv, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PreviewAsync(db, environmentId, kind, csv, cancellationToken);
    }

    /// <summary>Applies the file; returns the preview with its errors instead when any row is wrong, having stored nothing.</summary>
    public async Task<ImportPreview> CommitAsync(int environmentId, ImportKind kind, string csv, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var preview = await PreviewAsync(db, environmentId, kind, csv, cancellationToken);
        if (preview.HasErrors)
        {
            return preview;
        }

        if (kind == ImportKind.Consumers)
        {
            await ApplyConsumersAsync(db, environmentId, preview, cancellationToken);
        }
        else
        {
            await ApplyContactsAsync(db, environmentId, preview, cancellationToken);
        }

        var created = preview.Rows.Count(r => r.Action == ImportAction.Create);
        var updated = preview.Rows.Count - created;
        auditLog.Record(db, actor, kind == ImportKind.Consumers ? "consumers.imported" : "contacts.imported", kind == ImportKind.Consumers ? "Consumer" : "Contact",
            null, $"Imported {preview.Rows.Count} {(kind == ImportKind.Consumers ? "consumers" : "contacts")}: {created} created, {updated} updated",
            after: new { environmentId, created, updated });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return preview;
    }

    private static async Task<ImportPreview> PreviewAsync(DashboardDbContext db, int environmentId, ImportKind kind, string csv, CancellationToken cancellationToken)
    {
        var expected = Columns(kind);
        var fileErrors = new List<string>();
        var parsed = Parse(csv, expected, fileErrors);
        if (fileErrors.Count > 0)
        {
            return new ImportPreview(kind, expected, [], fileErrors);
        }

        var rows = kind == ImportKind.Consumers
            ? await ValidateConsumersAsync(db, environmentId, parsed, cancellationToken)
            : await ValidateContactsAsync(db, environmentId, parsed, cancellationToken);
        return new ImportPreview(kind, expected, rows, fileErrors);
    }

    private static List<(int Line, Dictionary<string, string> Values)> Parse(string csv, IReadOnlyList<string> expected, List<string> fileErrors)
    {
        var rows = new List<(int, Dictionary<string, string>)>();
        var options = new CsvReaderOptions { TrimWhitespace = true, SkipEmptyLines = true, TrackLineNumbers = true, MalformedData = CsvMalformedDataHandling.Throw };
        using var reader = CsvReader.Create(new StringReader(csv.TrimStart('\uFEFF')), options);
        try
        {
            reader.ReadHeader();
            var header = reader.Headers;
            if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            {
                fileErrors.Add("The file is empty; the first line must name the columns: " + string.Join(", ", expected) + ".");
                return rows;
            }

            var columns = new string?[header.Count];
            for (var i = 0; i < header.Count; i++)
            {
                var known = expected.FirstOrDefault(c => string.Equals(c, header[i].Trim(), StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    fileErrors.Add($"Line 1: unknown column '{header[i]}'. Known columns: {string.Join(", ", expected)}.");
                }
                else if (columns.Contains(known))
                {
                    fileErrors.Add($"Line 1: column '{known}' appears twice.");
                }

                columns[i] = known;
            }

            if (!columns.Contains(expected[0]))
            {
                fileErrors.Add($"Line 1: the required column '{expected[0]}' is missing.");
            }

            while (reader.Read())
            {
                if (rows.Count == MaxRows)
                {
                    fileErrors.Add($"The file has more than {MaxRows:N0} rows; split it into smaller files.");
                    break;
                }

                var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < columns.Length; i++)
                {
                    if (columns[i] is { } column)
                    {
                        values[column] = i < reader.FieldCount ? reader.GetString(i) ?? "" : "";
                    }
                }

                rows.Add(((int)reader.LineNumber, values));
            }
        }
        catch (CsvFormatException exception)
        {
            fileErrors.Add($"Line {exception.LineNumber}: the CSV cannot be read ({exception.Message}).");
        }

        return rows;
    }

    private static async Task<List<ImportRow>> ValidateConsumersAsync(
        DashboardDbContext db, int environmentId, List<(int Line, Dictionary<string, string> Values)> parsed, CancellationToken cancellationToken)
    {
        var existing = (await db.Consumers.Where(c => c.EnvironmentId == environmentId).Select(c => c.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<ImportRow>();
        foreach (var (line, values) in parsed)
        {
            var errors = new List<string>();
            var key = values.GetValueOrDefault("key", "");
            if (ConsumerValidation.KeyProblem(key) is { } keyProblem)
            {
                errors.Add($"key {keyProblem}.");
            }
            else if (!firstLine.TryAdd(key, line))
            {
                errors.Add($"duplicate key '{key}' (first on line {firstLine[key]}).");
            }

            var tags = values.GetValueOrDefault("tags", "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var (field, problem) in ConsumerValidation.ProfileProblems(
                values.GetValueOrDefault("displayName"), values.GetValueOrDefault("organisation"), values.GetValueOrDefault("tier"), values.GetValueOrDefault("owner"), tags))
            {
                errors.Add($"{field} {problem}.");
            }

            rows.Add(new ImportRow(line, values, existing.Contains(key) ? ImportAction.Update : ImportAction.Create, errors));
        }

        return rows;
    }

    private static async Task<List<ImportRow>> ValidateContactsAsync(
        DashboardDbContext db, int environmentId, List<(int Line, Dictionary<string, string> Values)> parsed, CancellationToken cancellationToken)
    {
        var consumers = await db.Consumers.Where(c => c.EnvironmentId == environmentId).Select(c => new { c.Id, c.Key }).ToDictionaryAsync(c => c.Key, c => c.Id, StringComparer.Ordinal, cancellationToken);
        var existing = (await db.Contacts.Where(c => c.Consumer!.EnvironmentId == environmentId).Select(c => new { c.Consumer!.Key, c.Email }).ToListAsync(cancellationToken))
            .Select(c => (c.Key, c.Email)).ToHashSet();
        var firstLine = new Dictionary<(string, string), int>();
        var rows = new List<ImportRow>();
        foreach (var (line, values) in parsed)
        {
            var errors = new List<string>();
            var consumerKey = values.GetValueOrDefault("consumerKey", "");
            var email = ContactValidation.Normalize(values.GetValueOrDefault("email", ""));
            if (consumerKey.Length == 0)
            {
                errors.Add("consumerKey is required.");
            }
            else if (!consumers.ContainsKey(consumerKey))
            {
                errors.Add($"consumerKey '{consumerKey}' is not a consumer of this environment.");
            }

            if (!ContactValidation.IsValidEmail(email))
            {
                errors.Add($"email '{values.GetValueOrDefault("email", "")}' is not a valid email address.");
            }
            else if (consumerKey.Length > 0 && !firstLine.TryAdd((consumerKey, email), line))
            {
                errors.Add($"duplicate contact {email} for '{consumerKey}' (first on line {firstLine[(consumerKey, email)]}).");
            }

            foreach (var (field, problem) in ContactValidation.TextProblems(values.GetValueOrDefault("name"), values.GetValueOrDefault("role")))
            {
                errors.Add($"{field} {problem}.");
            }

            rows.Add(new ImportRow(line, values, existing.Contains((consumerKey, email)) ? ImportAction.Update : ImportAction.Create, errors));
        }

        return rows;
    }

    private static async Task ApplyConsumersAsync(DashboardDbContext db, int environmentId, ImportPreview preview, CancellationToken cancellationToken)
    {
        var existing = await db.Consumers.Where(c => c.EnvironmentId == environmentId).ToDictionaryAsync(c => c.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var row in preview.Rows)
        {
            var key = row.Values["key"];
            if (!existing.TryGetValue(key, out var consumer))
            {
                consumer = new Consumer { EnvironmentId = environmentId, Key = key, DisplayName = key };
                db.Consumers.Add(consumer);
            }

            // Only the columns present in the file change; an absent column keeps what is stored.
            if (Present(row, "displayName") is { } displayName)
            {
                consumer.DisplayName = displayName.Length == 0 ? key : displayName;
            }

            consumer.Organisation = Present(row, "organisation") is { } organisation ? Blank(organisation) : consumer.Organisation;
            consumer.Tier = Present(row, "tier") is { } tier ? Blank(tier) : consumer.Tier;
            consumer.Owner = Present(row, "owner") is { } owner ? Blank(owner) : consumer.Owner;
            if (Present(row, "tags") is { } tags)
            {
                consumer.Tags = tags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            }
        }
    }

    private async Task ApplyContactsAsync(DashboardDbContext db, int environmentId, ImportPreview preview, CancellationToken cancellationToken)
    {
        var consumers = await db.Consumers.Include(c => c.Contacts).Where(c => c.EnvironmentId == environmentId).ToDictionaryAsync(c => c.Key, StringComparer.Ordinal, cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        foreach (var row in preview.Rows)
        {
            var consumer = consumers[row.Values["consumerKey"]];
            var email = ContactValidation.Normalize(row.Values["email"]);
            var contact = consumer.Contacts.FirstOrDefault(c => c.Email == email);
            if (contact is null)
            {
                contact = new Contact { Email = email, CreatedAt = now };
                consumer.Contacts.Add(contact);
            }

            contact.Name = Present(row, "name") is { } name ? Blank(name) : contact.Name;
            contact.Role = Present(row, "role") is { } role ? Blank(role) : contact.Role;
        }
    }

    private static string? Present(ImportRow row, string column) => row.Values.TryGetValue(column, out var value) ? value : null;

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
