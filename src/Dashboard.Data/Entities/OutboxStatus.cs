namespace Dashboard.Data.Entities;

public enum OutboxStatus
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
    Suppressed = 4,
    Cancelled = 5,
}
