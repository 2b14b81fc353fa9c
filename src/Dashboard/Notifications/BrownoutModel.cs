namespace Dashboard.Notifications;

/// <summary>The brownout a reminder is about; null in other messages.</summary>
public sealed record BrownoutModel(DateTime StartsAt, DateTime EndsAt);
