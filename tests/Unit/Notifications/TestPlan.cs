namespace Dashboard.Tests.Unit.Notifications;

public sealed record TestPlan(int EnvironmentId, int FlagId, int PlanId);
