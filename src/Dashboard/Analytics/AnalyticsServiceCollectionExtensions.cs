namespace Dashboard.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddScoped<OverviewQueries>();
        return services;
    }
}
