namespace Dashboard.Data.Entities;

public enum TemplateKind
{
    Announcement = 0,
    Reminder = 1,
    FinalNotice = 2,
    SunsetDone = 3,
    Custom = 4,
}
