using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Dashboard.Client;

public static class SundialClientExtensions
{
    /// <summary>Registers the recorder, the background sender and the policy client, configured from <paramref name="section"/> (usually <c>Sundial</c>).</summary>
    public static IServiceCollection AddSundialClient(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<SundialClientOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return AddCore(services);
    }

    public static IServiceCollection AddSundialClient(this IServiceCollection services, Action<SundialClientOptions> configure)
    {
        services.AddOptions<SundialClientOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>Adds the metadata, policy and header middleware; put it before the endpoints that serve flagged behaviour.</summary>
    public static IApplicationBuilder UseSundial(this IApplicationBuilder app) => app.UseMiddleware<SundialMiddleware>();

    /// <summary>The metadata <see cref="SundialMiddleware"/> read for this request.</summary>
    public static RequestMetadata GetRequestMetadata(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestMetadata>()
            ?? RequestMetadataReader.Read(context.Request, context.RequestServices.GetRequiredService<IOptions<SundialClientOptions>>().Value);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EvaluationRecorder>();
        services.AddSingleton<IEvaluationRecorder>(sp => sp.GetRequiredService<EvaluationRecorder>());
        services.AddSingleton<PolicyClient>();
        services.AddHostedService<EvaluationSender>();
        services.AddTransient<ApiKeyHandler>();
        services.AddRefitGeneratedClient<ISundialApi>()
            .ConfigureHttpClient((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<SundialClientOptions>>().Value;
                client.BaseAddress = options.BaseAddress;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<ApiKeyHandler>()
            .AddResilienceHandler("sundial", (pipeline, context) =>
            {
                // One bounded attempt per call: the sender retries with its own backoff, and the policy must not hold requests up.
                var options = context.ServiceProvider.GetRequiredService<IOptions<SundialClientOptions>>().Value;
                pipeline.AddTimeout(options.RequestTimeout);
            });
        return services;
    }
}
