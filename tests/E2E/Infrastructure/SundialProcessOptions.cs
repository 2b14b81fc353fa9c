namespace Dashboard.Tests.E2E.Infrastructure;

/// <summary>How to start the app under test.</summary>
public sealed class SundialProcessOptions
{
    /// <summary>The SQLite file; a fresh one in a temp folder when null.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Extra environment variables, e.g. <c>Demo__Enabled=false</c> or <c>Logging__LogLevel__Default=Debug</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long to wait for <c>/health</c>; the demo seed takes a few seconds on a busy machine.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
