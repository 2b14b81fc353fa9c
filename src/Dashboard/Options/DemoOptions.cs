using System.ComponentModel.DataAnnotations;

namespace Dashboard.Options;

/// <summary>Demo data for local development (section <c>Demo</c>). Only honoured in the Development environment.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed an empty database with the demo scenario.</summary>
    public bool Enabled { get; set; }

    /// <summary>Secret of the Development-only API key with every scope.</summary>
    [MinLength(24, ErrorMessage = "Demo:ApiKey must be at least 24 characters long.")]
    public string? ApiKey { get; set; }

    /// <summary>LaunchDarkly SDK key accepted for the demo environment on the LaunchDarkly-compatible event endpoint.</summary>
    public string? LaunchDarklySdkKey { get; set; }
}
