using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

public sealed record PlanChoice(int Id, int EnvironmentId, string Title, string FlagName, PlanStatus Status, DateTime SunsetAt);
