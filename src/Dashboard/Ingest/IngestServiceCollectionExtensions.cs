using Dashboard.Environments;
using Dashboard.Options;
using Microsoft.AspNetCore.Authentication;

namespace Dashboard.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>Evaluation ingest: options, validation, the bounded queue, single writer, journal and folder, SDK-key authentication, per-key rate limits, key administration.</summary>
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>()
            .Bind(builder.Configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<IngestInbox>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<IngestStore>();
        services.AddSingleton<IngestJournal>();
        services.AddSingleton<FlagCatalog>();
        services.AddSingleton<IngestEnvironmentCache>();
        services.AddSingleton<NativeEvaluationReader>();
        services.AddSingleton<LaunchDarklyEventReader>();
        services.AddSingleton<IngestProcessor>();
        // The folder first: it reloads the journal before the writer starts, and stops after the writer has drained.
        services.AddSingleton<IngestFolder>();
        services.AddHostedService(provider => provider.GetRequiredService<IngestFolder>());
        services.AddHostedService<IngestWriter>();
        services.AddHealthChecks().AddCheck<IngestHealthCheck>("ingest");
        services.AddScoped<IngestKeyAdministration>();
        services.AddScoped<IngestBatchRemoval>();
        services.AddScoped<EnvironmentAdministration>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, LaunchDarklySdkKeyAuthenticationHandler>(LaunchDarklySdkKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(LaunchDarklySdkKeyAuthenticationHandler.PolicyName, policy => policy
                .AddAuthenticationSchemes(LaunchDarklySdkKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddRateLimiter(IngestRateLimiting.Configure);
        return builder;
    }
}
