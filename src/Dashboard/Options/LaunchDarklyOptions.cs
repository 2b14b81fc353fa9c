namespace Dashboard.Options;

/// <summary>
/// Connection to LaunchDarkly's REST API (section <c>LaunchDarkly</c>). The token belongs in user secrets or the
/// environment (<c>LaunchDarkly__ApiToken</c>), never in appsettings; settings saved in the UI take precedence.
/// </summary>
public sealed class LaunchDarklyOptions
{
    public const string SectionName = "LaunchDarkly";

    public Uri BaseUrl { get; set; } = new("https://app.launchdarkly.com");

    /// <summary>A LaunchDarkly API access token with read access to flags and segments.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Default project for environments that do not name one.</summary>
    public string? ProjectKey { get; set; }

    /// <summary>How often the background sync runs; <see cref="TimeSpan.Zero"/> turns it off (Sync now still works).</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest wait honoured for a 429's reset time before the sync gives up for this round.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Page size for flag lists (LaunchDarkly allows up to 100).</summary>
    public int FlagPageSize { get; set; } = 100;

    /// <summary>Page size for segment lists (LaunchDarkly allows up to 50).</summary>
    public int SegmentPageSize { get; set; } = 50;
}
