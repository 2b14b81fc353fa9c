namespace Dashboard.Notifications;

public enum TemplatePart
{
    Subject = 0,
    HtmlBody = 1,
    TextBody = 2,
}
