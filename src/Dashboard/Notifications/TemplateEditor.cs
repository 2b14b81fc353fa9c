using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Notifications;

/// <summary>
/// Previews and saves templates for the signed-in user, who needs the <see cref="DashboardPolicies.Notify"/> policy for
/// either: a preview runs the unsaved text on the server. Only a template that parses and renders against a sample within
/// the renderer's bounds is stored, so campaigns never meet a broken one.
/// </summary>
public sealed class TemplateEditor(
    IDbContextFactory<DashboardDbContext> dbFactory,
    TemplateRenderer renderer,
    CampaignAudience audience,
    CurrentUser currentUser,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    public const int MaxNameLength = 200;

    public const string NotAllowed = "Previewing and changing templates needs the Notifier role.";

    /// <summary>Updates a template; returns the problems (nothing is stored when there are any).</summary>
    public async Task<IReadOnlyList<TemplateError>> SaveAsync(int id, string name, TemplateSource source, CancellationToken cancellationToken = default)
    {
        if (!await currentUser.IsAllowedAsync(DashboardPolicies.Notify))
        {
            return [Refusal];
        }

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

        var actor = await currentUser.GetNameAsync();
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

    /// <summary>
    /// Renders unsaved template text against the sample, or, when a plan and consumer are given, for that affected
    /// consumer's first contact as they would get it.
    /// </summary>
    public async Task<TemplatePreview> PreviewAsync(TemplateSource source, int? planId = null, int? consumerId = null, CancellationToken cancellationToken = default)
    {
        if (!await currentUser.IsAllowedAsync(DashboardPolicies.Notify))
        {
            return new TemplatePreview(null, null, [Refusal], []);
        }

        var compilation = TemplateRenderer.Compile(source);
        if (!compilation.Succeeded)
        {
            return new TemplatePreview(null, null, compilation.Errors, []);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var warnings = renderer.UnknownVariables(compilation.Template!, TemplateModelFactory.Sample(now));
        TemplateModel model;
        string? address = null;
        if (planId is { } plan && consumerId is { } consumer)
        {
            var result = await audience.ResolveAsync(plan, null, isServiceNotice: true, cancellationToken);
            var recipient = result?.Recipients.FirstOrDefault(r => r.Consumer.ConsumerId == consumer);
            if (result is null || recipient is null)
            {
                return new TemplatePreview(null, null, [], warnings, "That consumer is no longer affected by the plan or has no contact with a valid address.");
            }

            address = recipient.Email;
            // A preview is read and clicked in the editor: it carries no working unsubscribe link of a real contact.
            model = TemplateModelFactory.Create(result.Plan, recipient, TemplateModelFactory.PreviewUnsubscribeUrl, null, now);
        }
        else
        {
            model = TemplateModelFactory.Sample(now);
        }

        try
        {
            return new TemplatePreview(renderer.Render(compilation.Template!, model), address, [], warnings);
        }
        catch (TemplateRenderException exception)
        {
            return new TemplatePreview(null, address, [new TemplateError(exception.Part, 0, 0, exception.Message)], warnings);
        }
    }

    private static TemplateError Refusal => new(TemplatePart.Subject, 0, 0, NotAllowed);
}
