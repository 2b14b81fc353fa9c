namespace Dashboard.LaunchDarkly;

public enum LaunchDarklyTokenSource
{
    None = 0,

    /// <summary>Configuration, user secrets or the environment (<c>LaunchDarkly:ApiToken</c>).</summary>
    Configuration = 1,

    /// <summary>Saved by an admin in Settings → LaunchDarkly (stored protected).</summary>
    Settings = 2,

    /// <summary>A token was saved in the UI but can no longer be unprotected (the Data Protection keys changed).</summary>
    Unreadable = 3,
}
