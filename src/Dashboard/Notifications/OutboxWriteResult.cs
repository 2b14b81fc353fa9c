namespace Dashboard.Notifications;

/// <param name="Queued">Messages waiting for the dispatcher.</param>
/// <param name="Suppressed">Contacts recorded as not messaged (unsubscribed, suppressed, invalid address).</param>
public sealed record OutboxWriteResult(int Queued, int Suppressed);
