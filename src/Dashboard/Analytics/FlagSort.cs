namespace Dashboard.Analytics;

/// <summary>Columns the flags list sorts by.</summary>
public enum FlagSort
{
    Key,
    LegacyShare,
    ConsumersOnLegacy,
    LastEvaluated,
    Status,
}
