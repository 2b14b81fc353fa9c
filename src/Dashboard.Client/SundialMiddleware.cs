using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Dashboard.Client;

/// <summary>
/// Reads the request's metadata, looks up Sundial's policy for the configured flags and adds the Deprecation, Sunset
/// and Link headers to the response when the request falls under a plan. During a brownout or after the sunset it
/// answers <c>410 Gone</c> with a problem body instead (unless <see cref="SundialClientOptions.RefuseRetiredBehaviour"/> is off).
/// </summary>
public sealed class SundialMiddleware(RequestDelegate next, PolicyClient policies, IOptions<SundialClientOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var metadata = RequestMetadataReader.Read(context.Request, settings);
        context.Features.Set(metadata);

        var applied = new Dictionary<string, ProviderPolicy>(StringComparer.Ordinal);
        foreach (var flag in settings.PolicyFlags)
        {
            if (await policies.GetAsync(flag, metadata, context.RequestAborted) is { Affected: true } policy)
            {
                applied[flag] = policy;
            }
        }

        context.Features.Set(new SundialPolicyFeature(applied));
        if (applied.Count == 0)
        {
            await next(context);
            return;
        }

        // The plan whose sunset comes first speaks for the response when several apply.
        var governing = applied.Values.OrderByDescending(p => p.Refuse).ThenBy(p => p.Plan?.EffectiveSunsetAt).First();
        AddHeaders(context.Response, governing.Headers);
        if (settings.RefuseRetiredBehaviour && governing.Refuse)
        {
            await RefuseAsync(context, governing);
            return;
        }

        await next(context);
    }

    private static void AddHeaders(HttpResponse response, PolicyHeaders headers) => response.OnStarting(() =>
    {
        if (headers.Deprecation is { } deprecation)
        {
            response.Headers["Deprecation"] = deprecation;
        }

        if (headers.Sunset is { } sunset)
        {
            response.Headers["Sunset"] = sunset;
        }

        if (headers.Link is { Count: > 0 } links)
        {
            response.Headers.Append("Link", links.ToArray());
        }

        return Task.CompletedTask;
    });

    private static Task RefuseAsync(HttpContext context, ProviderPolicy policy)
    {
        var brownout = policy.State == "brownout";
        var guide = policy.Plan?.MigrationGuideUrl;
        var problem = new
        {
            type = guide ?? "https://www.rfc-editor.org/rfc/rfc8594",
            title = brownout ? "Temporarily unavailable for this API version (brownout)" : "No longer available for this API version",
            status = StatusCodes.Status410Gone,
            detail = brownout
                ? $"This behaviour is being retired ({policy.Plan?.Title}); during this scheduled brownout it is switched off. Migrate before the sunset on {policy.Plan?.EffectiveSunsetAt:yyyy-MM-dd}."
                : $"This behaviour was retired ({policy.Plan?.Title}) on {policy.Plan?.EffectiveSunsetAt:yyyy-MM-dd}. Send a supported X-API-Version.",
            state = policy.State,
        };
        context.Response.StatusCode = StatusCodes.Status410Gone;
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
    }
}
