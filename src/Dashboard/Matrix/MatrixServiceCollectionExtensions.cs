namespace Dashboard.Matrix;

public static class MatrixServiceCollectionExtensions
{
    public static IServiceCollection AddVersionMatrix(this IServiceCollection services)
    {
        services.AddSingleton<VersionMatrixQueries>();
        return services;
    }
}
