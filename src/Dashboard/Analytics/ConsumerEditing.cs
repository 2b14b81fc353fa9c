using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Analytics;

/// <summary>
/// Changes to consumers and their contacts made by Editors; each change is audited in the same transaction. Each method
/// answers the field errors that stopped it (nothing stored), empty when the change was saved.
/// </summary>
public sealed class ConsumerEditing(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    public async Task<FieldErrors> UpdateProfileAsync(int consumerId, ConsumerProfileInput input, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            return FieldErrors.Of("displayName", "Display name is required.");
        }

        if (ConsumerValidation.ProfileProblems(input.DisplayName, input.Organisation, input.Tier, input.Owner, input.Tags) is [var (field, problem), ..])
        {
            return Invalid(field, problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var consumer = await db.Consumers.SingleOrDefaultAsync(c => c.Id == consumerId, cancellationToken);
        if (consumer is null)
        {
            return FieldErrors.Of("consumer", "The consumer no longer exists.");
        }

        var before = Profile(consumer);
        consumer.DisplayName = input.DisplayName.Trim();
        consumer.Organisation = Blank(input.Organisation);
        consumer.Tier = Blank(input.Tier);
        consumer.Owner = Blank(input.Owner);
        consumer.Tags = input.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        auditLog.Record(db, actor, "consumer.updated", "Consumer", consumer.Key, $"Updated consumer {consumer.Key}", before, Profile(consumer));
        await db.SaveChangesAsync(cancellationToken);
        return FieldErrors.None;
    }

    public async Task<FieldErrors> AddContactAsync(int consumerId, ContactInput input, string actor, CancellationToken cancellationToken = default)
    {
        var email = ContactValidation.Normalize(input.Email ?? "");
        if (!ContactValidation.IsValidEmail(email))
        {
            return FieldErrors.Of("email", $"'{input.Email}' is not a valid email address.");
        }

        if (ContactValidation.TextProblems(input.Name, input.Role) is [var (field, problem), ..])
        {
            return Invalid(field, problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var consumer = await db.Consumers.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == consumerId, cancellationToken);
        if (consumer is null)
        {
            return FieldErrors.Of("consumer", "The consumer no longer exists.");
        }

        if (consumer.Contacts.Any(c => c.Email == email))
        {
            return FieldErrors.Of("email", $"{email} is already a contact of {consumer.DisplayName}.");
        }

        var contact = new Contact { Email = email, Name = Blank(input.Name), Role = Blank(input.Role), CreatedAt = timeProvider.GetUtcNow().UtcDateTime };
        consumer.Contacts.Add(contact);
        auditLog.Record(db, actor, "contact.added", "Consumer", consumer.Key, $"Added contact {email} to {consumer.Key}", after: Snapshot(contact));
        await db.SaveChangesAsync(cancellationToken);
        return FieldErrors.None;
    }

    public async Task<FieldErrors> UpdateContactAsync(int contactId, ContactInput input, string actor, CancellationToken cancellationToken = default)
    {
        var email = ContactValidation.Normalize(input.Email ?? "");
        if (!ContactValidation.IsValidEmail(email))
        {
            return FieldErrors.Of("email", $"'{input.Email}' is not a valid email address.");
        }

        if (ContactValidation.TextProblems(input.Name, input.Role) is [var (field, problem), ..])
        {
            return Invalid(field, problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.Include(c => c.Consumer).SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return FieldErrors.Of("contact", "The contact no longer exists.");
        }

        if (await db.Contacts.AnyAsync(c => c.ConsumerId == contact.ConsumerId && c.Id != contactId && c.Email == email, cancellationToken))
        {
            return FieldErrors.Of("email", $"{email} is already a contact of this consumer.");
        }

        var before = Snapshot(contact);
        contact.Email = email;
        contact.Name = Blank(input.Name);
        contact.Role = Blank(input.Role);
        auditLog.Record(db, actor, "contact.updated", "Consumer", contact.Consumer!.Key, $"Updated contact {email} of {contact.Consumer.Key}", before, Snapshot(contact));
        await db.SaveChangesAsync(cancellationToken);
        return FieldErrors.None;
    }

    public async Task<FieldErrors> RemoveContactAsync(int contactId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.Include(c => c.Consumer).SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return FieldErrors.Of("contact", "The contact no longer exists.");
        }

        db.Contacts.Remove(contact);
        auditLog.Record(db, actor, "contact.removed", "Consumer", contact.Consumer!.Key, $"Removed contact {contact.Email} from {contact.Consumer.Key}", before: Snapshot(contact));
        await db.SaveChangesAsync(cancellationToken);
        return FieldErrors.None;
    }

    /// <summary>A field's problem as a sentence for the form, e.g. "Display name must not contain control characters …".</summary>
    private static FieldErrors Invalid(string field, string problem)
    {
        var label = field switch
        {
            "displayName" => "Display name",
            _ => char.ToUpperInvariant(field[0]) + field[1..],
        };
        return FieldErrors.Of(field, $"{label} {problem}.");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static object Profile(Consumer c) => new { c.DisplayName, c.Organisation, c.Tier, c.Owner, Tags = c.Tags.ToList() };

    private static object Snapshot(Contact c) => new { c.Email, c.Name, c.Role };
}
