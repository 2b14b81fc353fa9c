namespace Dashboard.Environments;

public static class EnvironmentServiceCollectionExtensions
{
    public static IServiceCollection AddEnvironmentServices(this IServiceCollection services)
    {
        services.AddScoped<EnvironmentSelection>();
        services.AddScoped<ViewerClock>();
        return services;
    }
}
