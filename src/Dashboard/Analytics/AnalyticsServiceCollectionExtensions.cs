using Dashboard.Options;

namespace Dashboard.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LegacyUsage>();
        services.AddScoped<OverviewQueries>();
        services.AddScoped<FlagQueries>();
        services.AddScoped<AdoptionQueries>();
        services.AddScoped<FlagConsumerQueries>();
        services.AddScoped<ConsumerQueries>();
        services.AddScoped<FlagLegacyMarks>();
        services.AddScoped<DiscoveredFlagRemoval>();
        services.AddScoped<ConsumerEditing>();
        services.AddScoped<ConsumerImport>();
        services.AddScoped<LiveRefresh>();
        return services;
    }
}
