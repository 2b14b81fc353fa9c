namespace Dashboard.Notifications;

/// <summary>A problem in one part of a template, with the 1-based position the editor highlights (0 when unknown).</summary>
public sealed record TemplateError(TemplatePart Part, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{Part} line {Line}, column {Column}: {Message}" : $"{Part}: {Message}";
}
