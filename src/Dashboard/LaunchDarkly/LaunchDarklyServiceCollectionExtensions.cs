using System.Globalization;
using System.Net;
using Dashboard.Options;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Dashboard.LaunchDarkly;

public static class LaunchDarklyServiceCollectionExtensions
{
    /// <summary>Header LaunchDarkly sends with 429: when the rate-limit window resets, in Unix milliseconds.</summary>
    public const string RateLimitResetHeader = "X-Ratelimit-Reset";

    /// <summary>Options, the Refit client with retries that honour LaunchDarkly's rate-limit headers, the sync and its background worker.</summary>
    public static WebApplicationBuilder AddLaunchDarklySync(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LaunchDarklyOptions>()
            .Bind(builder.Configuration.GetSection(LaunchDarklyOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LaunchDarklyOptions>, LaunchDarklyOptionsValidator>();
        services.AddDataProtection();

        services.AddRefitGeneratedClient<ILaunchDarklyApi>()
            .ConfigureHttpClient((provider, client) => client.BaseAddress = provider.GetRequiredService<IOptions<LaunchDarklyOptions>>().Value.BaseUrl)
            .AddResilienceHandler("launchdarkly", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LaunchDarklyOptions>>().Value;
                var timeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.AddTimeout(TimeSpan.FromMinutes(3));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 4,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(1),
                    MaxDelay = options.MaxRateLimitWait,
                    ShouldRetryAfterHeader = false,
                    DelayGenerator = args => ValueTask.FromResult(RateLimitDelay(args.Outcome.Result, timeProvider)),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(30));
            });

        services.AddSingleton<LaunchDarklySettingsStore>();
        services.AddSingleton<LaunchDarklySync>();
        services.AddHostedService<LaunchDarklySyncWorker>();
        return builder;
    }

    /// <summary>
    /// The wait a 429 asks for: until <c>X-Ratelimit-Reset</c> (epoch ms), else <c>Retry-After</c>; null (the default
    /// backoff) for other outcomes. Polly caps it at <c>MaxRateLimitWait</c>.
    /// </summary>
    public static TimeSpan? RateLimitDelay(HttpResponseMessage? response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (response?.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        if (response.Headers.TryGetValues(RateLimitResetHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetMs))
        {
            var wait = DateTimeOffset.FromUnixTimeMilliseconds(resetMs) - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max(date - timeProvider.GetUtcNow(), TimeSpan.Zero) : null);
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
