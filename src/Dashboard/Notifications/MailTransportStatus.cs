namespace Dashboard.Notifications;

/// <summary>The dispatcher's latest experience with the transport, shown on Settings → Mail.</summary>
public sealed class MailTransportStatus
{
    private readonly Lock gate = new();

    public DateTime? LastSuccessAt { get; private set; }

    public DateTime? LastFailureAt { get; private set; }

    public string? LastFailure { get; private set; }

    public void Succeeded(DateTime at)
    {
        lock (gate)
        {
            LastSuccessAt = at;
        }
    }

    public void Failed(DateTime at, string failure)
    {
        lock (gate)
        {
            LastFailureAt = at;
            LastFailure = failure;
        }
    }
}
