namespace Dashboard.Notifications;

/// <summary>A template rendered for one real consumer or the sample, or the errors that stopped it.</summary>
/// <param name="Warnings">Problems that do not stop the template, such as unknown variables that render as nothing.</param>
/// <param name="Notice">Why the preview could not use the chosen consumer (about the preview, not about any template field).</param>
public sealed record TemplatePreview(
    RenderedMessage? Message,
    string? RecipientAddress,
    IReadOnlyList<TemplateError> Errors,
    IReadOnlyList<string> Warnings,
    string? Notice = null)
{
    /// <summary>Put before a rendered HTML body shown in a page: previews are for reading, their links go nowhere.</summary>
    public const string InertLinksStyle = "<style>a{pointer-events:none;cursor:default}</style>";
}
