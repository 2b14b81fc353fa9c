namespace Dashboard.Notifications;

public sealed record ConsumerModel(string Name, string Key, string? Tier, string? Organisation);
