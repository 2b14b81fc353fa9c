namespace Dashboard.Timelines;

/// <summary>What a provider should do with a request, as the policy API spells it (lower case in JSON).</summary>
public enum PolicyState
{
    /// <summary>No published plan covers this request: serve it as usual, without headers.</summary>
    None = 0,

    /// <summary>Deprecation is scheduled: serve it and send the headers (the Deprecation date lies ahead).</summary>
    Announced = 1,

    /// <summary>Deprecated: serve it and send the headers.</summary>
    Deprecated = 2,

    /// <summary>A brownout window is active: refuse the retired behaviour (410) with the headers.</summary>
    Brownout = 3,

    /// <summary>Past the sunset: refuse the retired behaviour (410) with the headers.</summary>
    Sunset = 4,
}
