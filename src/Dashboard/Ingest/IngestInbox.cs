using System.Threading.Channels;
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

    /// <summary>Requests waiting for the writer.</summary>
    public int Count => channel.Reader.Count;

    /// <summary>False when the queue is full or the app is shutting down.</summary>
    public bool TryEnqueue(IngestWork work) => channel.Writer.TryWrite(work);

    /// <summary>Stops accepting work; the writer drains what is queued.</summary>
    public void Complete() => channel.Writer.TryComplete();
}
