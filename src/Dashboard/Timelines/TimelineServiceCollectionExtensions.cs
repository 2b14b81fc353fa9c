namespace Dashboard.Timelines;

public static class TimelineServiceCollectionExtensions
{
    public static IServiceCollection AddTimelines(this IServiceCollection services)
    {
        services.AddScoped<AffectedConsumerQueries>();
        return services;
    }
}
