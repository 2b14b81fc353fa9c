namespace Dashboard.Notifications;

/// <summary>A template rendered for one real consumer, or the errors that stopped it.</summary>
public sealed record TemplatePreview(RenderedMessage? Message, string? RecipientAddress, IReadOnlyList<TemplateError> Errors);
