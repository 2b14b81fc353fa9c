using Refit;

namespace Dashboard.Client;

/// <summary>Sundial's HTTP API as providers use it; the API key is added by <see cref="ApiKeyHandler"/>.</summary>
public interface ISundialApi
{
    /// <summary>Sends one batch; every retry of the batch sends the same <paramref name="idempotencyKey"/>, so Sundial counts it once.</summary>
    [Post("/api/v1/evaluations")]
    Task<IApiResponse> PostEvaluationsAsync([Body] EvaluationBatch batch, [Header("Idempotency-Key")] string idempotencyKey, CancellationToken cancellationToken);

    [Get("/api/v1/policy")]
    Task<IApiResponse<ProviderPolicy>> GetPolicyAsync(
        [AliasAs("environment")] string? environment,
        [AliasAs("flag")] string flag,
        [AliasAs("apiVersion")] string? apiVersion,
        [AliasAs("clientType")] string? clientType,
        [AliasAs("consumer")] string? consumer,
        [Header("If-None-Match")] string? ifNoneMatch,
        CancellationToken cancellationToken);
}
