using Dashboard.Api;
using Dashboard.Options;

namespace Dashboard.Timelines;

public static class TimelineServiceCollectionExtensions
{
    public static IServiceCollection AddTimelines(this IServiceCollection services)
    {
        services.AddOptions<TimelinesOptions>()
            .BindConfiguration(TimelinesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<AffectedConsumerQueries>();
        services.AddScoped<PlanQueries>();
        services.AddScoped<CalendarFeedKeys>();
        services.AddScoped<BurnDownQueries>();
        services.AddScoped<PlanService>();
        services.AddScoped<PlanStatusAdvancer>();
        services.AddScoped<PolicyService>();
        services.AddScoped<ApiEnvironmentResolver>();
        services.AddHostedService<PlanStatusService>();
        return services;
    }

    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPolicyEndpoints();
        endpoints.MapPlanEndpoints();
        return endpoints;
    }
}
