namespace Dashboard.Analytics;

/// <summary>Columns the consumers list sorts by.</summary>
public enum ConsumerSort
{
    Key,
    Tier,
    LastSeen,
    Evaluations,
    LegacyEvaluations,
}
