using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Dashboard.Data;
using Dashboard.FlagData;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using Dashboard.Security;
using Dashboard.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Api;

/// <summary>
/// Flag data for CI pipelines: replace an environment's LaunchDarkly SDK data, and evaluate flags against it exactly
/// as LaunchDarkly's <c>variationDetail</c> would. An API key only reaches its own environment.
/// </summary>
public static class FlagDataEndpoints
{
    /// <summary>Largest SDK data document accepted; LaunchDarkly projects with thousands of flags stay well below.</summary>
    public const long MaxFlagDataBytes = 20 * 1024 * 1024;

    private const long MaxEvaluateBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static IEndpointRouteBuilder MapFlagDataEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/environments/{env}").WithTags("Flag data").DisableAntiforgery();
        group.MapPut("/flag-data", ImportAsync)
            .RequireAuthorization(DashboardPolicies.ManageScope)
            .WithSummary("Replaces the environment's flag data with LaunchDarkly SDK data JSON ({\"flags\":{},\"segments\":{}}); invalid data stores nothing.");
        group.MapPost("/evaluate", EvaluateAsync)
            .RequireAuthorization(DashboardPolicies.ReadScope)
            .WithSummary("Evaluates one flag for a context: {flagKey, context, default} → {value, variationIndex, reason}.");
        group.MapPost("/evaluate-all", EvaluateAllAsync)
            .RequireAuthorization(DashboardPolicies.ReadScope)
            .WithSummary("Evaluates every flag for a context: {context} → {flags: {key: {value, variationIndex, reason}}}.");
        return endpoints;
    }

    private static async Task<Results<Ok<FlagDataImportResult>, ProblemHttpResult>> ImportAsync(
        string env,
        HttpContext http,
        ApiEnvironmentResolver environments,
        FlagDataImporter importer,
        CancellationToken cancellationToken)
    {
        var (environmentId, problem) = await ResolveEnvironmentAsync(env, http.User, environments, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (body, bodyProblem) = await ReadJsonBodyAsync(http.Request, MaxFlagDataBytes, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var result = await importer.ImportAsync(environmentId, body!, FlagDataOrigin.Api, http.User.Identity?.Name ?? "api", cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            var errors = new FieldErrors();
            foreach (var error in result.Errors)
            {
                // The parser's messages name the flag or segment and the path inside it; the field is the document.
                errors.Add("body", error);
            }

            return errors.ToProblem(title: "The flag data is invalid", detail: $"{result.Errors.Count} problem(s) found; nothing was stored.");
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<EvaluationResponse>, ProblemHttpResult>> EvaluateAsync(
        string env,
        HttpContext http,
        ApiEnvironmentResolver environments,
        FlagDataCache cache,
        CancellationToken cancellationToken)
    {
        var (data, request, problem) = await PrepareEvaluationAsync(env, http, environments, cache, requireFlagKey: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var detail = data!.Evaluator.Evaluate(request!.FlagKey!, request.Context, request.Default);
        if (detail.Reason.ErrorKind == EvaluationErrorKind.FlagNotFound)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown flag",
                detail: $"Flag \"{request.FlagKey}\" is not in the flag data of environment \"{env}\"; sync or import it first.",
                extensions: new Dictionary<string, object?> { ["flagKey"] = request.FlagKey, ["reason"] = detail.Reason });
        }

        return TypedResults.Ok(EvaluationResponse.From(detail));
    }

    private static async Task<Results<Ok<EvaluateAllResponse>, ProblemHttpResult>> EvaluateAllAsync(
        string env,
        HttpContext http,
        ApiEnvironmentResolver environments,
        FlagDataCache cache,
        CancellationToken cancellationToken)
    {
        var (data, request, problem) = await PrepareEvaluationAsync(env, http, environments, cache, requireFlagKey: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var flags = data!.Evaluator.EvaluateAll(request!.Context)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => EvaluationResponse.From(f.Value), StringComparer.Ordinal);
        return TypedResults.Ok(new EvaluateAllResponse(flags));
    }

    /// <summary>The environment's flag data and the parsed request, or the problem that stops the evaluation.</summary>
    private static async Task<(EnvironmentFlagData? Data, EvaluationRequest? Request, ProblemHttpResult? Problem)> PrepareEvaluationAsync(
        string env,
        HttpContext http,
        ApiEnvironmentResolver environments,
        FlagDataCache cache,
        bool requireFlagKey,
        CancellationToken cancellationToken)
    {
        var (environmentId, problem) = await ResolveEnvironmentAsync(env, http.User, environments, cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        var (request, requestProblem) = await ReadRequestAsync(http.Request, requireFlagKey, cancellationToken);
        return requestProblem is not null
            ? (null, null, requestProblem)
            : (await cache.GetAsync(environmentId, cancellationToken), request, null);
    }

    private static async Task<(int EnvironmentId, ProblemHttpResult? Problem)> ResolveEnvironmentAsync(
        string env,
        ClaimsPrincipal user,
        ApiEnvironmentResolver environments,
        CancellationToken cancellationToken)
    {
        var (environment, problem) = await environments.ResolveRouteAsync(user, env, cancellationToken);
        return (environment?.Id ?? 0, problem);
    }

    private static async Task<(string? Body, ProblemHttpResult? Problem)> ReadJsonBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported content type",
                detail: "Send the body as application/json."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            bytes.Write(buffer, 0, read);
            if (bytes.Length > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
        }

        // Decoding strictly: a lenient decoder would turn invalid bytes into U+FFFD and store keys nobody sent.
        var body = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        body = body.StartsWith(Utf8ByteOrderMark) ? body[Utf8ByteOrderMark.Length..] : body;
        try
        {
            return (StrictUtf8.GetString(body), null);
        }
        catch (DecoderFallbackException exception)
        {
            var offset = Math.Clamp(exception.Index, 0, body.Length);
            var before = Encoding.UTF8.GetString(body[Math.Max(0, offset - 40)..offset]);
            var invalid = exception.BytesUnknown is { Length: > 0 } unknown ? $"0x{unknown[0]:X2}" : "a byte";
            return (null, Invalid(FieldErrors.Of("body", $"The body is not valid UTF-8: {invalid} at offset {offset}, after \"{before}\".")));
        }
    }

    private static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Body too large",
        detail: $"The body may be at most {maxBytes / (1024 * 1024)} MB.");

    private static async Task<(EvaluationRequest? Request, ProblemHttpResult? Problem)> ReadRequestAsync(HttpRequest http, bool requireFlagKey, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadJsonBodyAsync(http, MaxEvaluateBytes, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var errors = new FieldErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body!);
        }
        catch (JsonException exception)
        {
            return (null, Invalid(FieldErrors.Of("body", $"The body is not valid JSON: {exception.Message}")));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Invalid(FieldErrors.Of("body", "The body must be a JSON object.")));
            }

            string? flagKey = null;
            if (requireFlagKey)
            {
                if (root.TryGetProperty("flagKey", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } text)
                {
                    flagKey = text;
                }
                else
                {
                    errors.Add("flagKey", "Required: the key of the flag to evaluate, as a string.");
                }
            }

            EvaluationContext? context = null;
            if (!root.TryGetProperty("context", out var contextJson) || contextJson.ValueKind != JsonValueKind.Object)
            {
                errors.Add("context", "Required: a LaunchDarkly context object, e.g. {\"kind\":\"request\",\"key\":\"r-1\",\"apiVersion\":\"2.0.0\"}.");
            }
            else
            {
                context = EvaluationContext.FromJson(contextJson);
                if (!context.IsValid)
                {
                    errors.Add("context", $"The context is invalid: {context.Error}.");
                }
            }

            if (!errors.IsEmpty)
            {
                return (null, Invalid(errors));
            }

            var defaultValue = root.TryGetProperty("default", out var d) ? d.Clone() : default;
            return (new EvaluationRequest(flagKey, context!, defaultValue), null);
        }
    }

    private static ProblemHttpResult Invalid(FieldErrors errors) => errors.ToProblem(
        title: "The request is invalid",
        detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    private sealed record EvaluationRequest(string? FlagKey, EvaluationContext Context, JsonElement Default);
}
