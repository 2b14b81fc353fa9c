using Dashboard.Options;

namespace Dashboard.Demo;

public static partial class DemoServiceCollectionExtensions
{
    public static WebApplicationBuilder AddDemoData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>()
            .Bind(builder.Configuration.GetSection(DemoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<DemoDataSeeder>();
        return builder;
    }

    /// <summary>
    /// Seeds the demo scenario into an empty database, in Development only, and logs the demo API key. Outside
    /// Development the demo keys are revoked, in case the database was seeded by an earlier Development run.
    /// </summary>
    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard.Demo");
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
        if (!app.Environment.IsDevelopment())
        {
            if (await seeder.RevokeDemoKeysAsync(options) is > 0 and var revoked)
            {
                LogDemoKeysRevoked(logger, revoked, app.Environment.EnvironmentName);
            }
        }

        if (!app.Environment.IsDevelopment() || !options.Enabled)
        {
            await seeder.EnsureDefaultEnvironmentAsync();
            return;
        }

        var seeded = await seeder.SeedIfEmptyAsync(options);
        if (seeded is not null)
        {
            LogSeeded(logger, seeded.Consumers, seeded.RollupRows, seeded.Elapsed.TotalSeconds);
        }

        if (options.ApiKey is not null)
        {
            LogDemoKey(logger, options.ApiKey);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Demo data seeded: {Consumers} consumers, {RollupRows} hourly rollup rows in {Seconds:F1} s.")]
    private static partial void LogSeeded(ILogger logger, int consumers, int rollupRows, double seconds);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Revoked {Count} demo key(s): this database was seeded in Development, and the demo keys are public; they never work in {Environment}.")]
    private static partial void LogDemoKeysRevoked(ILogger logger, int count, string environment);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Development API key (all scopes, demo environment): {ApiKey}")]
    private static partial void LogDemoKey(ILogger logger, string apiKey);
}
