namespace Dashboard.Client;

/// <summary>Records flag evaluations for Sundial without ever blocking the request that made them.</summary>
public interface IEvaluationRecorder
{
    /// <summary>Queues an event; when the buffer is full the event is dropped and counted instead.</summary>
    void Record(EvaluationEvent evaluation);

    /// <summary>Events dropped because the buffer was full or Sundial refused them as invalid.</summary>
    long Dropped { get; }

    /// <summary>Events Sundial accepted.</summary>
    long Delivered { get; }
}
