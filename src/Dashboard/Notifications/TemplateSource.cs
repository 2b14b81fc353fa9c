namespace Dashboard.Notifications;

/// <summary>The three Liquid texts of a template, as edited.</summary>
public sealed record TemplateSource(string Subject, string HtmlBody, string TextBody);
