using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Security;
using Dashboard.Timelines;
using Dashboard.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Api;

/// <summary><c>GET /api/v1/policy</c>: what a provider should do for one request's metadata, with the headers to copy.</summary>
public static class PolicyEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // The body is JSON for machines, never embedded in HTML; readable Link values matter more here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/policy", GetPolicyAsync)
            .RequireAuthorization(DashboardPolicies.PolicyScope)
            .WithTags("Policy")
            .WithSummary("Deprecation policy for a request's metadata")
            .WithDescription("JSON policy plus the Deprecation (RFC 9745), Sunset (RFC 8594) and Link headers a provider copies onto its response. Supports If-None-Match.")
            .Produces<ProviderPolicy>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> GetPolicyAsync(
        HttpContext context,
        ApiEnvironmentResolver environments,
        PolicyService policies,
        [FromQuery] string? environment,
        [FromQuery] string? flag,
        [FromQuery] string? apiVersion,
        [FromQuery] string? clientType,
        [FromQuery] string? consumer,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(flag))
        {
            return FieldErrors.Of("flag", "Pass the flag key, e.g. ?flag=use-new-response-format.").ToProblem(title: "The policy request is incomplete");
        }

        var tooLong = new FieldErrors();
        foreach (var (name, value) in new[] { ("flag", flag), ("apiVersion", apiVersion), ("clientType", clientType), ("consumer", consumer) })
        {
            if (value is { Length: > 256 })
            {
                tooLong.Add(name, $"'{name}' may be at most 256 characters.");
            }
        }

        if (!tooLong.IsEmpty)
        {
            return tooLong.ToProblem(title: "The policy request has values that are too long");
        }

        var (resolved, problem) = await environments.ResolveAsync(context.User, environment, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var policy = await policies.GetAsync(new PolicyRequest(resolved!.Id, flag.Trim(), apiVersion, clientType, consumer), cancellationToken);
        if (policy is null)
        {
            return Results.Problem(title: "Unknown flag", detail: $"No flag '{flag.Trim()}' in environment '{resolved.Key}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(policy, Json);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"");
        var response = context.Response;
        response.Headers.ETag = etag.ToString();
        var maxAge = policies.MaxAgeSeconds(policy);
        response.Headers.CacheControl = maxAge > 0 ? $"private, max-age={maxAge}" : "no-cache";
        response.Headers.Vary = "Authorization";
        // The same headers as in the JSON, so a provider (or curl -i) can copy them without reading the body.
        if (policy.Headers.Deprecation is { } deprecation)
        {
            response.Headers[DeprecationHeaders.DeprecationName] = deprecation;
        }

        if (policy.Headers.Sunset is { } sunset)
        {
            response.Headers[DeprecationHeaders.SunsetName] = sunset;
        }

        if (policy.Headers.Link.Count > 0)
        {
            response.Headers[DeprecationHeaders.LinkName] = policy.Headers.Link.ToArray();
        }

        if (IfNoneMatch(context.Request, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(body, "application/json");
    }

    private static bool IfNoneMatch(HttpRequest request, EntityTagHeaderValue etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
}
