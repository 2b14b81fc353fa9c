using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Dashboard.Client;

/// <summary>A bounded in-memory buffer between requests and <see cref="EvaluationSender"/>.</summary>
public sealed class EvaluationRecorder : IEvaluationRecorder
{
    private readonly Channel<EvaluationEvent> buffer;
    private long dropped;
    private long delivered;

    public EvaluationRecorder(IOptions<SundialClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        buffer = Channel.CreateBounded<EvaluationEvent>(new BoundedChannelOptions(options.Value.BufferCapacity)
        {
            // TryWrite fails instead of waiting when full, so a request never waits for Sundial.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public long Dropped => Interlocked.Read(ref dropped);

    public long Delivered => Interlocked.Read(ref delivered);

    internal ChannelReader<EvaluationEvent> Reader => buffer.Reader;

    public void Record(EvaluationEvent evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (!buffer.Writer.TryWrite(evaluation))
        {
            Interlocked.Increment(ref dropped);
        }
    }

    internal void CountDelivered(long count) => Interlocked.Add(ref delivered, count);

    internal void CountDropped(long count) => Interlocked.Add(ref dropped, count);
}
