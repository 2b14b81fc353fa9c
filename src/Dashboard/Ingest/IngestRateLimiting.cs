using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Dashboard.Api;
using Dashboard.Options;
using Dashboard.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>Per-key request rate for the ingest endpoints: a token bucket per API key or SDK key; past it, 429 with Retry-After.</summary>
public static class IngestRateLimiting
{
    public const string PolicyName = "ingest-per-key";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.AddPolicy(PolicyName, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value;
            return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context.User), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.RateLimitBurst,
                TokensPerPeriod = options.RateLimitPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var retryAfter = RetryAfter.Set(http.Response, rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero);
            var detail = string.Create(CultureInfo.InvariantCulture, $"This key sent more than its rate of requests; retry after {retryAfter} s.");
            http.RequestServices.GetRequiredService<IngestMetrics>().RecordRejected("rate-limit", http.User.Identity?.Name, detail);
            await Results.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
        };
    }

    private static string PartitionKey(ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyClaims.KeyId) is { } apiKeyId ? "api:" + apiKeyId
        : user.FindFirstValue(LaunchDarklySdkKeyAuthenticationHandler.SdkKeyIdClaim) is { } sdkKeyId ? "sdk:" + sdkKeyId
        : "environment:" + user.FindFirstValue(ApiKeyClaims.EnvironmentId);
}
