namespace Dashboard.Analytics;

/// <summary>Columns the consumers of a flag sort by.</summary>
public enum FlagConsumerSort
{
    Consumer,
    Evaluations,
    FirstSeen,
    LastSeen,
}
