using System.Globalization;
using System.Security.Claims;
using Dashboard.Ingest;
using Dashboard.Options;
using Dashboard.Security;

namespace Dashboard.Api;

/// <summary>Evaluation ingest: the native batch API and the LaunchDarkly-compatible event endpoints.</summary>
public static class IngestEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string PayloadIdHeader = "X-LaunchDarkly-Payload-ID";
    public const string EventSchemaHeader = "X-LaunchDarkly-Event-Schema";

    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/evaluations", PostEvaluationsAsync)
            .RequireAuthorization(DashboardPolicies.IngestScope)
            .RequireRateLimiting(IngestRateLimiting.PolicyName)
            .WithTags("Ingest")
            .WithSummary("Record flag evaluations (all or nothing; 202 once committed)")
            // No Accepts<T>(): its content-type matching would route a wrong content type elsewhere instead of answering 415.
            .WithDescription("Body: {\"events\":[{\"flagKey\",\"variation\" or \"value\",\"consumer\",\"apiVersion\",\"clientType\",\"clientVersion\",\"tenantId\",\"timestamp\",\"count\"}]}. Optional Idempotency-Key header.")
            .Produces<IngestAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        foreach (var prefix in (string[])["", "/api/v1/ld"])
        {
            endpoints.MapPost(prefix + "/bulk", PostLaunchDarklyEventsAsync)
                .RequireAuthorization(LaunchDarklySdkKeyAuthenticationHandler.PolicyName)
                .RequireRateLimiting(IngestRateLimiting.PolicyName)
                .WithTags("LaunchDarkly events")
                .WithSummary("LaunchDarkly server SDK event payloads (event schema 4)")
                .Produces(StatusCodes.Status202Accepted)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status401Unauthorized);
            endpoints.MapPost(prefix + "/diagnostic", () => TypedResults.Accepted((string?)null))
                .RequireAuthorization(LaunchDarklySdkKeyAuthenticationHandler.PolicyName)
                .WithTags("LaunchDarkly events")
                .WithSummary("LaunchDarkly SDK diagnostics: accepted and ignored");
        }

        return endpoints;
    }

    private static async Task<IResult> PostEvaluationsAsync(HttpContext context, IngestProcessor processor)
    {
        var caller = new IngestCaller(
            EnvironmentIdOf(context.User),
            int.Parse(context.User.FindFirstValue(ApiKeyClaims.KeyId)!, CultureInfo.InvariantCulture),
            context.User.Identity?.Name ?? "key");
        var idempotencyKey = context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var header) ? header.ToString() : null;
        var result = await processor.ProcessAsync(context, caller, IngestProcessor.NativeOrigin, idempotencyKey, IdempotencyKeyHeader);
        return Answer(context, result, outcome => TypedResults.Json(new IngestAccepted(outcome.EventCount), statusCode: StatusCodes.Status202Accepted));
    }

    private static async Task<IResult> PostLaunchDarklyEventsAsync(HttpContext context, IngestProcessor processor, IngestMetrics metrics)
    {
        var label = context.User.Identity?.Name ?? "sdk";
        var schema = context.Request.Headers[EventSchemaHeader].ToString();
        if (schema.Length > 0 && schema != LaunchDarklyEventReader.SupportedSchema)
        {
            var rejection = IngestRejection.Invalid(EventSchemaHeader, $"event schema '{schema}' is not supported; Sundial reads schema {LaunchDarklyEventReader.SupportedSchema}");
            metrics.RecordRejected(rejection.Reason, label, $"Unsupported event schema '{schema}'.");
            return rejection.ToResult();
        }

        var caller = new IngestCaller(EnvironmentIdOf(context.User), null, label);
        var payloadId = context.Request.Headers.TryGetValue(PayloadIdHeader, out var header) ? header.ToString() : null;
        var result = await processor.ProcessAsync(context, caller, IngestProcessor.LaunchDarklyOrigin, payloadId, PayloadIdHeader);
        return Answer(context, result, _ => TypedResults.Accepted((string?)null));
    }

    private static IResult Answer(HttpContext context, IngestProcessor.Result result, Func<IngestOutcome, IResult> accepted)
    {
        if (result.Rejection is { } rejection)
        {
            if (rejection.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                var retryAfter = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value.RetryAfterSeconds;
                RetryAfter.Set(context.Response, TimeSpan.FromSeconds(retryAfter));
            }

            return rejection.ToResult();
        }

        var outcome = result.Outcome!;
        switch (outcome.Kind)
        {
            case IngestOutcomeKind.Conflict:
                context.RequestServices.GetRequiredService<IngestMetrics>().RecordRejected("idempotency-conflict", context.User.Identity?.Name, "Idempotency key reused with a different body.");
                return TypedResults.Problem(
                    title: "Idempotency key reused",
                    detail: "A batch with this idempotency key was already committed with a different body. Use a new key for new data.",
                    statusCode: StatusCodes.Status409Conflict);
            case IngestOutcomeKind.Replayed:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return accepted(outcome);
            default:
                return accepted(outcome);
        }
    }

    private static int EnvironmentIdOf(ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ApiKeyClaims.EnvironmentId)!, CultureInfo.InvariantCulture);
}
