namespace Dashboard.Notifications;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total);
