namespace Dashboard.Notifications;

/// <summary>Either a compiled template or the errors that prevent it.</summary>
public sealed record TemplateCompilation(CompiledTemplate? Template, IReadOnlyList<TemplateError> Errors)
{
    public bool Succeeded => Template is not null;
}
