namespace Dashboard.Notifications;

public sealed record UnsubscribeRequest(int ContactId, int PlanId, string Email);
