using Dashboard.Analytics;
using Dashboard.Auditing;
using Dashboard.Options;
using Dashboard.Timelines;

namespace Dashboard.Tests.Unit.Timelines;

/// <summary>Timeline services wired to a test database and clock.</summary>
internal static class TimelineServices
{
    public static PlanService PlanService(TimelineDatabase database, TimeProvider clock, int minimumNoticeDays = 90) =>
        new(database, new AuditLog(clock), clock, Microsoft.Extensions.Options.Options.Create(new TimelinesOptions { MinimumNoticeDays = minimumNoticeDays }));

    public static PolicyService PolicyService(TimelineDatabase database, TimeProvider clock) =>
        new(database, clock, Microsoft.Extensions.Options.Options.Create(new TimelinesOptions()), LegacyUsage(clock));

    public static LegacyUsage LegacyUsage(TimeProvider clock, int recentDays = 7, int affectedDays = 30) =>
        new(clock, Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { RecentDays = recentDays, AffectedDays = affectedDays }));
}
