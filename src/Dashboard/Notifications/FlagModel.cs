namespace Dashboard.Notifications;

public sealed record FlagModel(string Key, string Name);
