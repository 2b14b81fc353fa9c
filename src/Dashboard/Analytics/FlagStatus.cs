namespace Dashboard.Analytics;

/// <summary>
/// A flag's lifecycle over its recorded evaluations, after LaunchDarkly's definitions, plus Sundial's own
/// <see cref="SafeToRemove"/>. Declared in the order a list sorted by status shows them.
/// </summary>
public enum FlagStatus
{
    /// <summary>Created within the last 7 days and never evaluated.</summary>
    New = 0,

    /// <summary>Evaluated within the last 7 days, serving more than one variation.</summary>
    Active = 1,

    /// <summary>Served a single variation for the last 7 days.</summary>
    Launched = 2,

    /// <summary>No evaluations for 7 days.</summary>
    Inactive = 3,

    /// <summary>Has legacy variations, none served for the configured number of days, and any scheduled sunset has passed.</summary>
    SafeToRemove = 4,
}
