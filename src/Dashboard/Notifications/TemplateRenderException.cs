namespace Dashboard.Notifications;

/// <summary>A template that parsed but failed while rendering (unknown filter, too many steps, an include).</summary>
public sealed class TemplateRenderException : Exception
{
    public TemplateRenderException()
    {
    }

    public TemplateRenderException(string message)
        : base(message)
    {
    }

    public TemplateRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TemplatePart Part { get; init; }
}
