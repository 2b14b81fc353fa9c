namespace Dashboard.Environments;

public static class EnvironmentServiceCollectionExtensions
{
    public static IServiceCollection AddEnvironmentServices(this IServiceCollection services)
    {
        services.AddScoped<EnvironmentSelection>();
        services.AddScoped<ViewerClock>();
        // The page shell: every page loads through PageLoad and follows EnvironmentSelection.
        services.AddSingleton<Dashboard.Components.PageLoad>();
        return services;
    }
}
