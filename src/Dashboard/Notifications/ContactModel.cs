namespace Dashboard.Notifications;

public sealed record ContactModel(string Name);
