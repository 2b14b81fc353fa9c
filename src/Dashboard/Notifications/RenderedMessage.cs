namespace Dashboard.Notifications;

public sealed record RenderedMessage(string Subject, string HtmlBody, string TextBody);
