namespace Dashboard.Data.Entities;

/// <summary>How Sundial learnt about a flag.</summary>
public enum FlagSource
{
    /// <summary>First seen in evaluation events, not (yet) in LaunchDarkly data.</summary>
    Discovered = 0,

    /// <summary>Synced or imported from LaunchDarkly flag data.</summary>
    LaunchDarkly = 1,

    /// <summary>Created by a user or the demo seed.</summary>
    Manual = 2,
}
