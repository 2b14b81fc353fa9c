using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Notifications;

/// <summary>Saves templates: only a template that parses and renders against a sample is stored, so campaigns never meet a broken one.</summary>
public sealed class TemplateEditor(IDbContextFactory<DashboardDbContext> dbFactory, TemplateRenderer renderer, AuditLog auditLog, TimeProvider timeProvider)
{
    public const int MaxNameLength = 200;

    /// <summary>Updates a template; returns the problems (nothing is stored when there are any).</summary>
    public async Task<IReadOnlyList<TemplateError>> SaveAsync(int id, string name, TemplateSource source, string actor, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var errors = renderer.Validate(source, TemplateModelFactory.Sample(now)).ToList();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Insert(0, new TemplateError(TemplatePart.Subject, 0, 0, $"The name is required and at most {MaxNameLength} characters."));
        }
        else if (TextRules.TextProblem(name.Trim(), MaxNameLength) is { } nameProblem)
        {
            errors.Insert(0, new TemplateError(TemplatePart.Subject, 0, 0, $"The name {nameProblem}."));
        }

        if (string.IsNullOrWhiteSpace(source.Subject))
        {
            errors.Insert(0, new TemplateError(TemplatePart.Subject, 0, 0, "The subject is required."));
        }
        else if (TextRules.TextProblem(source.Subject, source.Subject.Length) is { } subjectProblem)
        {
            // A subject is one header line; a line break in the template would end up in the rendered subject.
            errors.Insert(0, new TemplateError(TemplatePart.Subject, 0, 0, $"The subject {subjectProblem}."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.NotificationTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return [new TemplateError(TemplatePart.Subject, 0, 0, "The template no longer exists.")];
        }

        var before = new { template.Name, template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate };
        template.Name = name.Trim();
        template.SubjectTemplate = source.Subject;
        template.HtmlBodyTemplate = source.HtmlBody;
        template.TextBodyTemplate = source.TextBody;
        template.UpdatedAt = now;
        template.UpdatedBy = actor;
        auditLog.Record(db, actor, "template.update", nameof(NotificationTemplate), id.ToString(CultureInfo.InvariantCulture), $"Template '{template.Name}' updated", before,
            new { template.Name, template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
