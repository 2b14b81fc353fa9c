using Dashboard.Data;
using Dashboard.Data.Entities;

namespace Dashboard.Demo;

/// <summary>
/// The demo's deprecation plan: the legacy response format for API versions below 2.0.0, deprecated 30 days ago with
/// the sunset 60 days ahead, a 24-hour brownout two weeks before the sunset, and one consumer granted more time.
/// </summary>
internal static class DemoPlans
{
    public const string MigrationGuideUrl = "https://docs.example.com/api/v2/migrating-response-format";

    public static DeprecationPlan AddResponseFormatPlan(DashboardDbContext db, DashboardEnvironment environment, Flag responseFormat, Consumer extendedConsumer, DateTime now)
    {
        var today = now.Date;
        var sunset = today.AddDays(60).AddHours(16);
        var plan = new DeprecationPlan
        {
            EnvironmentId = environment.Id,
            FlagId = responseFormat.Id,
            Title = "Retire the v1 response format",
            ApiVersionBelow = "2.0.0",
            AnnounceAt = today.AddDays(-75).AddHours(9),
            DeprecationAt = today.AddDays(-30).AddHours(9),
            SunsetAt = sunset,
            MigrationGuideUrl = MigrationGuideUrl,
            Notes = "Clients on API versions below 2.0.0 still receive snake_case bodies without envelopes. Send X-API-Version: 2.0.0 or later.",
            Owner = "API platform",
            Status = PlanStatus.Deprecated,
            CreatedAt = today.AddDays(-80),
            CreatedBy = "demo seed",
            UpdatedAt = today.AddDays(-30),
            Brownouts =
            [
                new BrownoutWindow { StartsAt = sunset.AddDays(-14), EndsAt = sunset.AddDays(-13), OnlyLaggards = false, Note = "24-hour brownout two weeks before the sunset." },
                new BrownoutWindow { StartsAt = sunset.AddDays(-7), EndsAt = sunset.AddDays(-6), OnlyLaggards = true, Note = "Second brownout, only for consumers still on v1." },
            ],
            Extensions =
            [
                new ConsumerExtension
                {
                    ConsumerId = extendedConsumer.Id, SunsetAt = sunset.AddDays(30), Reason = "Release freeze until their Q3 launch; agreed with their tech lead.",
                    GrantedBy = "demo seed", GrantedAt = today.AddDays(-10),
                },
            ],
        };
        db.DeprecationPlans.Add(plan);
        return plan;
    }
}
