using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Notifications;

/// <summary>
/// Adds any default template whose key is missing, and brings stored templates that are still the untouched previous
/// defaults up to the current ones; templates users have edited are left alone.
/// </summary>
public sealed class NotificationTemplateSeeder(IDbContextFactory<DashboardDbContext> dbFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    /// <summary>Returns the number of templates added or upgraded.</summary>
    public async Task<int> SeedMissingAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationTemplates.ToListAsync(cancellationToken);
        var defaults = DefaultTemplates.Create(now);
        var missing = defaults.Where(t => stored.All(s => s.Key != t.Key)).ToList();
        db.NotificationTemplates.AddRange(missing);

        // Compared by text, not by who saved it last: a template someone saved unchanged is still the old default.
        var previous = PreviousDefaultTemplates.Create(now).ToDictionary(t => t.Key);
        var upgraded = 0;
        foreach (var template in stored)
        {
            if (previous.TryGetValue(template.Key, out var old) && SameText(template, old) && defaults.SingleOrDefault(t => t.Key == template.Key) is { } current)
            {
                var before = new { template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate };
                template.SubjectTemplate = current.SubjectTemplate;
                template.HtmlBodyTemplate = current.HtmlBodyTemplate;
                template.TextBodyTemplate = current.TextBodyTemplate;
                template.UpdatedAt = now;
                template.UpdatedBy = current.UpdatedBy;
                auditLog.Record(db, "system", "template.upgrade", nameof(NotificationTemplate), template.Id.ToString(CultureInfo.InvariantCulture),
                    $"Template '{template.Name}' was the unedited previous default; replaced by the current default, which names the retired and replacement behaviour",
                    before, new { template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate });
                upgraded++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return missing.Count + upgraded;
    }

    private static bool SameText(NotificationTemplate stored, NotificationTemplate old) =>
        Normalise(stored.SubjectTemplate) == Normalise(old.SubjectTemplate)
        && Normalise(stored.HtmlBodyTemplate) == Normalise(old.HtmlBodyTemplate)
        && Normalise(stored.TextBodyTemplate) == Normalise(old.TextBodyTemplate);

    // A browser's textarea may have turned the line endings into CRLF.
    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
