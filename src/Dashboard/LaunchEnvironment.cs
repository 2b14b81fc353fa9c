namespace Dashboard;

/// <summary>
/// The environment to use when none is set. The <c>dotnet run</c> launch profile sets <see cref="DefaultVariable"/>
/// rather than <c>ASPNETCORE_ENVIRONMENT</c>, because a profile's variables replace the shell's:
/// <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c> would otherwise still run in Development.
/// </summary>
public static class LaunchEnvironment
{
    public const string DefaultVariable = "SUNDIAL_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        EnvironmentName = IsSetExplicitly(args) ? null : NullIfEmpty(Environment.GetEnvironmentVariable(DefaultVariable)),
    };

    private static bool IsSetExplicitly(string[] args) =>
        NullIfEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")) is not null
        || NullIfEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")) is not null
        || args.Any(a => a.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
