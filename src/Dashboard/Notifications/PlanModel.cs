namespace Dashboard.Notifications;

/// <param name="SunsetDate">This consumer's sunset: the plan's, or a later one granted to it as an extension.</param>
/// <param name="DaysUntilSunset">Whole days from the send time to <paramref name="SunsetDate"/>; 0 on the day, negative after.</param>
/// <param name="RetiredVariations">Labels of the behaviour being retired (what the recipient gets today and must move off).</param>
/// <param name="ReplacementVariations">Labels of the behaviour that stays and replaces it.</param>
/// <param name="VersionRange">The affected API versions in words: "API versions below 2.0.0", "all API versions".</param>
/// <param name="ClientTypes">The affected client types in words: "all client types", "mobile-ios and mobile-android".</param>
/// <param name="SendInstead">What to send to get the replacement ("X-API-Version: 2.0.0 or later"); null when no header changes it.</param>
public sealed record PlanModel(
    string Title,
    DateTime? AnnounceDate,
    DateTime DeprecationDate,
    DateTime SunsetDate,
    int DaysUntilSunset,
    string? MigrationGuideUrl,
    IReadOnlyList<string> RetiredVariations,
    IReadOnlyList<string> ReplacementVariations,
    string VersionRange,
    string ClientTypes,
    string? SendInstead);
