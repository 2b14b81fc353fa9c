namespace Dashboard.FlagData;

public static class FlagDataServiceCollectionExtensions
{
    /// <summary>Per-environment flag stores over the stored snapshots, import/export and flag history.</summary>
    public static IServiceCollection AddFlagData(this IServiceCollection services)
    {
        services.AddSingleton<FlagDataCache>();
        services.AddSingleton<FlagDataImporter>();
        services.AddSingleton<FlagDataQueries>();
        return services;
    }
}
