namespace Dashboard.Notifications;

/// <summary>Wakes the dispatcher when messages are queued, so a new campaign starts sending without waiting for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller signalled at the same moment; one wake-up is enough.
            }
        }
    }

    public void Dispose() => signal.Dispose();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await signal.WaitAsync(timeout, cancellationToken);
}
