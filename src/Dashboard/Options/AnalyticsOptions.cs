using System.ComponentModel.DataAnnotations;

namespace Dashboard.Options;

/// <summary>How analytics pages judge flags and refresh (section <c>Analytics</c>).</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>A flag is safe to remove after this many days without a legacy evaluation.</summary>
    [Range(1, 365, ErrorMessage = "Analytics:SafeToRemoveDays must be between 1 and 365 days.")]
    public int SafeToRemoveDays { get; set; } = 14;

    /// <summary>Days the recent legacy figures cover: Overview, flags list, flag and consumer pages, laggards, read API.</summary>
    [Range(1, 90, ErrorMessage = "Analytics:RecentDays must be between 1 and 90 days.")]
    public int RecentDays { get; set; } = 7;

    /// <summary>Days of evaluations that decide who a plan affects: plan page, campaign audiences, plans API, laggard brownouts.</summary>
    [Range(1, 365, ErrorMessage = "Analytics:AffectedDays must be between 1 and 365 days.")]
    public int AffectedDays { get; set; } = 30;

    /// <summary>How often pages that show counts re-query while open.</summary>
    [Range(5, 3600, ErrorMessage = "Analytics:RefreshSeconds must be between 5 and 3600 seconds.")]
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>Longest range shown in hourly buckets, by the adoption charts and the read API alike; longer ranges use days.</summary>
    [Range(1, 400, ErrorMessage = "Analytics:HourGrainMaxDays must be between 1 and 400 days.")]
    public int HourGrainMaxDays { get; set; } = 31;
}
