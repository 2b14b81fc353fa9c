using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Client;

/// <summary>
/// Sundial's policy per (flag, version, client type, consumer), cached for the <c>max-age</c> Sundial gives and
/// revalidated with <c>If-None-Match</c>. A request waits at most <see cref="SundialClientOptions.PolicyTimeout"/> for
/// an uncached policy, and not at all for a while after Sundial failed: the provider's requests come first.
/// </summary>
public sealed partial class PolicyClient(ISundialApi api, IOptions<SundialClientOptions> options, TimeProvider timeProvider, ILogger<PolicyClient> logger)
{
    private readonly ConcurrentDictionary<string, CachedPolicy> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ProviderPolicy?>> inFlight = new(StringComparer.Ordinal);
    private long failedUntilTicks;

    /// <summary>The policy, a stale one when Sundial is unavailable, or null when none is known.</summary>
    public async Task<ProviderPolicy?> GetAsync(string flag, RequestMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var key = string.Join('\u001f', flag, metadata.ApiVersion, metadata.ClientType, metadata.TenantId);
        var now = timeProvider.GetUtcNow();
        cache.TryGetValue(key, out var cached);
        if (cached is not null && cached.FreshUntil > now)
        {
            return cached.Policy;
        }

        if (now.UtcTicks < Interlocked.Read(ref failedUntilTicks))
        {
            return cached?.Policy;
        }

        // One fetch per key at a time; concurrent requests share it.
        var fetch = inFlight.GetOrAdd(key, _ => FetchAsync(key, flag, metadata, cached));
        try
        {
            return await fetch.WaitAsync(options.Value.PolicyTimeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The fetch goes on in the background and fills the cache for later requests.
            return cached?.Policy;
        }
    }

    private async Task<ProviderPolicy?> FetchAsync(string key, string flag, RequestMetadata metadata, CachedPolicy? cached)
    {
        try
        {
            var settings = options.Value;
            using var response = await api.GetPolicyAsync(settings.Environment, flag, metadata.ApiVersion, metadata.ClientType, metadata.TenantId, cached?.ETag, CancellationToken.None);
            var maxAge = response.Headers?.CacheControl?.MaxAge ?? TimeSpan.Zero;
            var freshUntil = timeProvider.GetUtcNow() + maxAge;
            if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
            {
                cache[key] = cached with { FreshUntil = freshUntil };
                return cached.Policy;
            }

            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                Fail(flag, $"status {(int?)response.StatusCode}");
                return cached?.Policy;
            }

            cache[key] = new CachedPolicy(response.Content, response.Headers?.ETag?.Tag, freshUntil);
            return response.Content;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException or System.Text.Json.JsonException)
        {
            Fail(flag, exception.GetType().Name);
            return cached?.Policy;
        }
        finally
        {
            inFlight.TryRemove(key, out _);
        }
    }

    private void Fail(string flag, string reason)
    {
        var backoff = options.Value.PolicyFailureBackoff;
        Interlocked.Exchange(ref failedUntilTicks, (timeProvider.GetUtcNow() + backoff).UtcTicks);
        LogPolicyUnavailable(logger, flag, reason, backoff.TotalSeconds);
    }

    private sealed record CachedPolicy(ProviderPolicy Policy, string? ETag, DateTimeOffset FreshUntil);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Sundial's policy for {Flag} is unavailable ({Reason}); responses go out without deprecation headers for {Seconds:F0} s.")]
    private static partial void LogPolicyUnavailable(ILogger logger, string flag, string reason, double seconds);
}
