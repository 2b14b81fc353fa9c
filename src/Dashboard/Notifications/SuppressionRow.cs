namespace Dashboard.Notifications;

public sealed record SuppressionRow(int Id, string Email, int? PlanId, string? PlanTitle, string Reason, DateTime CreatedAt);
