using System.Threading.Channels;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// The bounded hand-off between request handlers and the single writer. Full means the writer is behind: callers
/// answer 503 with Retry-After instead of buffering without limit.
/// </summary>
public sealed class IngestInbox(IOptions<IngestOptions> options)
{
    private readonly Channel<IngestWork> channel = Channel.CreateBounded<IngestWork>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<IngestWork> Reader => channel.Reader;

    private int pending;

    /// <summary>Requests waiting for the writer to take them.</summary>
    public int Count => channel.Reader.Count;

    /// <summary>Requests accepted into the inbox and not yet answered: queued plus the ones in the commit under way.</summary>
    public int Pending => Volatile.Read(ref pending);

    /// <summary>False when the queue is full or the app is shutting down.</summary>
    public bool TryEnqueue(IngestWork work)
    {
        Interlocked.Increment(ref pending);
        if (channel.Writer.TryWrite(work))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        return false;
    }

    /// <summary>The writer has answered <paramref name="requests"/> requests.</summary>
    public void MarkAnswered(int requests) => Interlocked.Add(ref pending, -requests);

    /// <summary>Stops accepting work; the writer drains what is queued.</summary>
    public void Complete() => channel.Writer.TryComplete();
}
