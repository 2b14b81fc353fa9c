using System.Globalization;
using System.Security.Claims;
using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Options;
using Dashboard.Security;
using Dashboard.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// Read API (scope <c>read</c>): the numbers the UI shows, as JSON or, with <c>Accept: text/csv</c>, CSV. A key sees
/// only its own environment; any other environment answers 404 as if it did not exist.
/// </summary>
public static class ReadApiEndpoints
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/environments")
            .RequireAuthorization(DashboardPolicies.ReadScope)
            .WithTags("Read");
        api.MapGet("", ListEnvironmentsAsync);
        api.MapGet("/{env}/flags", ListFlagsAsync);
        api.MapGet("/{env}/flags/{key}/adoption", GetAdoptionAsync);
        api.MapGet("/{env}/flags/{key}/consumers", ListFlagConsumersAsync);
        api.MapGet("/{env}/consumers/{key}", GetConsumerAsync);
        return endpoints;
    }

    private static async Task<IResult> ListEnvironmentsAsync(ClaimsPrincipal user, IDbContextFactory<DashboardDbContext> dbFactory, HttpContext context, CancellationToken cancellationToken)
    {
        var environmentId = ApiEnvironmentResolver.KeyEnvironmentId(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environments = await db.Environments.AsNoTracking()
            .Where(e => e.Id == environmentId)
            .Select(e => new EnvironmentResponse(e.Key, e.Name, e.ApiVersionScheme.ToString(), e.ClientVersionScheme.ToString()))
            .ToListAsync(cancellationToken);
        return Respond(context, environments, () => CsvExport.Write(
            ["key", "name", "apiVersionScheme", "clientVersionScheme"],
            environments.Select(e => (IReadOnlyList<string?>)[e.Key, e.Name, e.ApiVersionScheme, e.ClientVersionScheme])));
    }

    private static async Task<IResult> ListFlagsAsync(
        string env, int? page, int? pageSize, string? search, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries flags,
        LegacyUsage legacyUsage, HttpContext context, CancellationToken cancellationToken)
    {
        var (environment, environmentProblem) = await environments.ResolveRouteAsync(user, env, cancellationToken);
        if (environment is null)
        {
            return environmentProblem!;
        }

        if (Paging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var result = await flags.GetFlagsAsync(environment.Id, new FlagListQuery(search, Page: (page ?? 1) - 1, PageSize: pageSize ?? 100), cancellationToken);
        // The figures cover Analytics:RecentDays, as on the flags list; windowDays says so rather than a name like "evaluations7d".
        var windowDays = legacyUsage.RecentDays;
        var items = result.Items.Select(f => new FlagResponse(
            f.Key, f.Name, Status(f.Status), windowDays, f.Evaluations, f.LegacyEvaluations, f.LegacyShare, f.ConsumersOnLegacy, f.LastEvaluatedAt,
            f.Variations.Select(v => new VariationResponse(v.Index, v.Label, v.ValueJson, v.IsLegacy)).ToList())).ToList();
        return Respond(context, new PageResponse<FlagResponse>(items, page ?? 1, pageSize ?? 100, result.TotalCount), () => CsvExport.Write(
            ["key", "name", "status", "windowDays", "evaluations", "legacyEvaluations", "legacyShare", "consumersOnLegacy", "lastEvaluatedAt", "legacyVariations"],
            items.Select(f => (IReadOnlyList<string?>)
            [
                f.Key, f.Name, f.Status, f.WindowDays.ToString(CultureInfo.InvariantCulture), CsvExport.Number(f.Evaluations), CsvExport.Number(f.LegacyEvaluations),
                f.LegacyShare?.ToString("0.####", CultureInfo.InvariantCulture), f.ConsumersOnLegacy.ToString(CultureInfo.InvariantCulture),
                f.LastEvaluatedAt is { } at ? CsvExport.IsoDate(at) : "", string.Join("; ", f.Variations.Where(v => v.IsLegacy).Select(v => v.Label)),
            ])));
    }

    private static async Task<IResult> GetAdoptionAsync(
        string env, string key, string? from, string? to, string? grain, string? groupBy, string? versions, string? timeZone,
        ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries flags, AdoptionQueries adoption, TimeProvider timeProvider,
        IOptions<AnalyticsOptions> analyticsOptions, HttpContext context, CancellationToken cancellationToken)
    {
        var flagId = await ResolveFlagAsync(env, key, user, environments, flags, cancellationToken);
        if (flagId is null)
        {
            return FlagNotFound(env, key);
        }

        var errors = new FieldErrors();
        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrEmpty(timeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone!))
        {
            errors.Add("timeZone", $"'{timeZone}' is not a known IANA time zone (e.g. Europe/Berlin).");
            zone = TimeZoneInfo.Utc;
        }

        var parsedGrain = ParseEnum(grain, AdoptionGrain.Day, "grain", "hour, day", errors);
        var parsedGroupBy = ParseEnum(groupBy, AdoptionGroupBy.Variation, "groupBy", "variation, apiVersion, clientType, clientVersion", errors);
        var parsedVersions = ParseEnum(versions, VersionGranularity.Exact, "versions", "exact, majorMinor, major", errors);
        var now = timeProvider.GetUtcNow();
        var toInstant = ParseInstant(to, "to", errors) ?? now;
        var fromInstant = ParseInstant(from, "from", errors) ?? toInstant.AddDays(-30);
        if (errors.IsEmpty && fromInstant >= toInstant)
        {
            errors.Add("from", "'from' must be before 'to'.");
        }
        else if (errors.IsEmpty && toInstant - fromInstant > TimeSpan.FromDays(400))
        {
            errors.Add("from", "The range may span at most 400 days.");
        }
        else if (errors.IsEmpty && parsedGrain == AdoptionGrain.Hour && !AdoptionRanges.HourGrainAllowed(toInstant - fromInstant, analyticsOptions.Value.HourGrainMaxDays))
        {
            errors.Add("grain", $"Hourly buckets are limited to {analyticsOptions.Value.HourGrainMaxDays} days (from..to); use grain=day for longer ranges.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem(title: "The adoption query has invalid parameters.");
        }

        var breakdown = await adoption.ForFlagAsync(flagId.Value, new AdoptionRequest(fromInstant, toInstant, parsedGrain, parsedGroupBy, parsedVersions), zone, cancellationToken);
        var response = new AdoptionResponse(
            key, fromInstant, toInstant, Camel(parsedGrain.ToString()), Camel(parsedGroupBy.ToString()), zone.Id, breakdown.BucketStarts,
            breakdown.Series.Select(s => new SeriesResponse(s.Label, s.IsLegacy, s.Counts)).ToList(), breakdown.Totals, breakdown.LegacyTotals);
        return Respond(context, response, () => CsvExport.Adoption(breakdown));
    }

    private static async Task<IResult> ListFlagConsumersAsync(
        string env, string key, bool? legacyOnly, string? apiVersion, string? minApiVersion, string? maxApiVersion, string? clientType, string? seenSince,
        int? page, int? pageSize, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries flags, FlagConsumerQueries consumers,
        HttpContext context, CancellationToken cancellationToken)
    {
        var flagId = await ResolveFlagAsync(env, key, user, environments, flags, cancellationToken);
        if (flagId is null)
        {
            return FlagNotFound(env, key);
        }

        if (Paging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var errors = new FieldErrors();
        var since = ParseInstant(seenSince, "seenSince", errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var filter = new FlagConsumerFilter(legacyOnly ?? false, apiVersion, minApiVersion, maxApiVersion, clientType, since);
        try
        {
            var wantsCsv = WantsCsv(context);
            IReadOnlyList<FlagConsumerRow> rows;
            var total = 0;
            if (wantsCsv && page is null)
            {
                // CSV without a page is the whole filtered list, like the UI's export.
                rows = await consumers.GetAllAsync(flagId.Value, filter, FlagConsumerSort.Consumer, false, cancellationToken);
                total = rows.Count;
            }
            else
            {
                var result = await consumers.GetPageAsync(flagId.Value, filter, FlagConsumerSort.Consumer, false, (page ?? 1) - 1, pageSize ?? 100, cancellationToken);
                rows = result.Items;
                total = result.TotalCount;
            }

            return Respond(context, new PageResponse<FlagConsumerRow>(rows, page ?? 1, pageSize ?? 100, total), () => CsvExport.FlagConsumers(rows));
        }
        catch (FieldErrorsException exception)
        {
            return exception.ToProblem();
        }
    }

    private static async Task<IResult> GetConsumerAsync(
        string env, string key, ClaimsPrincipal user, ApiEnvironmentResolver environments, ConsumerQueries consumers, HttpContext context, CancellationToken cancellationToken)
    {
        var (environment, environmentProblem) = await environments.ResolveRouteAsync(user, env, cancellationToken);
        if (environment is null)
        {
            return environmentProblem!;
        }

        var consumer = await consumers.GetConsumerAsync(environment.Id, key, cancellationToken);
        if (consumer is null)
        {
            return TypedResults.Problem(title: "Consumer not found", detail: $"No consumer '{key}' in environment '{env}'.", statusCode: StatusCodes.Status404NotFound);
        }

        return Respond(context, consumer, () => CsvExport.Write(
            ["flag", "apiVersions", "evaluations", "lastSeen"],
            consumer.FlagsOnLegacy.Select(f => (IReadOnlyList<string?>)[f.FlagKey, string.Join("; ", f.ApiVersions), CsvExport.Number(f.Evaluations), CsvExport.IsoDate(f.LastSeenAt)])));
    }

    private static async Task<int?> ResolveFlagAsync(string env, string key, ClaimsPrincipal user, ApiEnvironmentResolver environments, FlagQueries flags, CancellationToken cancellationToken)
    {
        // Another key's environment looks absent, like an unknown one (ApiEnvironmentResolver).
        var environment = (await environments.ResolveRouteAsync(user, env, cancellationToken)).Environment;
        return environment is null ? null : await flags.FindFlagIdAsync(environment.Id, key, cancellationToken);
    }

    private static ProblemHttpResult FlagNotFound(string env, string key) =>
        TypedResults.Problem(title: "Flag not found", detail: $"No flag '{key}' in environment '{env}' is visible to this key.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult? Paging(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (page is < 1)
        {
            errors.Add("page", "page starts at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        }

        return errors.IsEmpty ? null : errors.ToProblem();
    }

    private static T ParseEnum<T>(string? value, T fallback, string field, string allowed, FieldErrors errors)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not a valid {field}; use one of: {allowed}.");
        return fallback;
    }

    private static DateTimeOffset? ParseInstant(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not a date; use ISO 8601, e.g. 2026-01-15 or 2026-01-15T12:00:00Z.");
        return null;
    }

    private static bool WantsCsv(HttpContext context) =>
        context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private static IResult Respond<T>(HttpContext context, T json, Func<string> csv) =>
        WantsCsv(context) ? TypedResults.Text(csv(), CsvExport.ContentType) : TypedResults.Ok(json);

    private static string Status(FlagStatus status) => status switch
    {
        FlagStatus.SafeToRemove => "safeToRemove",
        _ => Camel(status.ToString()),
    };

    private static string Camel(string value) => char.ToLowerInvariant(value[0]) + value[1..];

    private sealed record EnvironmentResponse(string Key, string Name, string ApiVersionScheme, string ClientVersionScheme);

    private sealed record VariationResponse(int Index, string Label, string Value, bool IsLegacy);

    private sealed record FlagResponse(
        string Key, string Name, string Status, int WindowDays, long Evaluations, long LegacyEvaluations, double? LegacyShare, int ConsumersOnLegacy,
        DateTimeOffset? LastEvaluatedAt, IReadOnlyList<VariationResponse> Variations);

    private sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

    private sealed record SeriesResponse(string Label, bool IsLegacy, IReadOnlyList<long> Counts);

    private sealed record AdoptionResponse(
        string Flag, DateTimeOffset From, DateTimeOffset To, string Grain, string GroupBy, string TimeZone, IReadOnlyList<DateTimeOffset> Buckets,
        IReadOnlyList<SeriesResponse> Series, IReadOnlyList<long> Totals, IReadOnlyList<long> LegacyTotals);
}
