using System.ComponentModel.DataAnnotations;
using Dashboard.Timelines;

namespace Dashboard.Options;

/// <summary>Deprecation plan rules and policy caching (section <c>Timelines</c>).</summary>
public sealed class TimelinesOptions
{
    public const string SectionName = "Timelines";

    /// <summary>Plans giving consumers less notice than this (from announcement, or deprecation, to sunset) get a warning.</summary>
    [Range(0, 3650, ErrorMessage = "Timelines:MinimumNoticeDays must be between 0 and 3650.")]
    public int MinimumNoticeDays { get; set; } = 90;

    /// <summary>How often plan statuses are moved forward by date.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Timelines:StatusCheckInterval must be between 00:00:05 and 01:00:00.")]
    public TimeSpan StatusCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound of the policy's <c>Cache-Control: max-age</c>; shortened when the state changes sooner.</summary>
    [Range(0, 86_400, ErrorMessage = "Timelines:PolicyMaxAgeSeconds must be between 0 and 86400.")]
    public int PolicyMaxAgeSeconds { get; set; } = 300;
}
