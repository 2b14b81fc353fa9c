namespace Dashboard.Data.Entities;

/// <summary>A Liquid email template (subject, HTML body, plain-text body) rendered against an allow-listed model.</summary>
public sealed class NotificationTemplate
{
    public int Id { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public TemplateKind Kind { get; set; }

    public required string SubjectTemplate { get; set; }

    public required string HtmlBodyTemplate { get; set; }

    public required string TextBodyTemplate { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
