namespace Dashboard.Notifications;

/// <param name="SunsetDate">This consumer's sunset: the plan's, or a later one granted to it as an extension.</param>
/// <param name="DaysUntilSunset">Whole days from the send time to <paramref name="SunsetDate"/>; 0 on the day, negative after.</param>
public sealed record PlanModel(
    string Title,
    DateTime? AnnounceDate,
    DateTime DeprecationDate,
    DateTime SunsetDate,
    int DaysUntilSunset,
    string? MigrationGuideUrl);
