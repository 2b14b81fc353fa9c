namespace Dashboard.Notifications;

/// <summary>What the unsubscribe page shows.</summary>
public enum UnsubscribeState
{
    Invalid,
    Ask,
    Done,
    AlreadyDone,
}
