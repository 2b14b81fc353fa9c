using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Timelines;

/// <summary>
/// Decides, for one request's metadata, which plan covers it and what the provider should do: nothing, send the
/// Deprecation / Sunset / Link headers, or refuse the retired behaviour (brownout, sunset). Decided from the plan's
/// dates at the moment of the call, so providers never wait for the status job.
/// </summary>
public sealed class PolicyService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider, IOptions<TimelinesOptions> options, LegacyUsage legacyUsage)
{
    /// <summary>Null when the flag does not exist in the environment.</summary>
    public async Task<ProviderPolicy?> GetAsync(PolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.AsNoTracking().SingleAsync(e => e.Id == request.EnvironmentId, cancellationToken);
        var flag = await db.Flags.AsNoTracking()
            .Where(f => f.EnvironmentId == request.EnvironmentId && f.Key == request.FlagKey)
            .Select(f => new { f.Id, f.Key })
            .SingleOrDefaultAsync(cancellationToken);
        if (flag is null)
        {
            return null;
        }

        var version = VersionReader.Read(request.ApiVersion, environment.ApiVersionScheme);
        var clientType = string.IsNullOrWhiteSpace(request.ClientType) ? null : request.ClientType.Trim();
        var consumerKey = string.IsNullOrWhiteSpace(request.ConsumerKey) ? null : request.ConsumerKey.Trim();
        var consumerId = consumerKey is null
            ? null
            : await db.Consumers.AsNoTracking().Where(c => c.EnvironmentId == request.EnvironmentId && c.Key == consumerKey).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);

        var plans = await db.DeprecationPlans.AsNoTracking()
            .Include(p => p.Brownouts)
            .Where(p => p.FlagId == flag.Id && p.Status != PlanStatus.Cancelled)
            .ToListAsync(cancellationToken);
        var extensions = consumerId is null
            ? []
            : await db.ConsumerExtensions.AsNoTracking().Where(e => e.ConsumerId == consumerId).ToDictionaryAsync(e => e.PlanId, e => e.SunsetAt, cancellationToken);

        var covering = plans
            .Where(p => PlanSchedule.StatusAt(p, now) != PlanStatus.Draft)
            .Where(p => LegacyScope.InRange(version, p.ApiVersionFrom, p.ApiVersionBelow, environment.ApiVersionScheme))
            .Where(p => p.ClientTypes.Count == 0 || (clientType is not null && p.ClientTypes.Contains(clientType, StringComparer.Ordinal)))
            .Select(p => (Plan: p, Sunset: extensions.TryGetValue(p.Id, out var extended) && extended > p.SunsetAt ? extended : p.SunsetAt))
            .OrderBy(p => p.Sunset)
            .ThenBy(p => p.Plan.Id)
            .FirstOrDefault();

        var consumer = consumerKey is null ? null : new PolicyConsumer(consumerKey, consumerId is not null, covering.Plan is { } coveringPlan && extensions.TryGetValue(coveringPlan.Id, out var granted) ? granted : null);
        var baseline = new ProviderPolicy(
            environment.Key, flag.Key, PolicyState.None, Affected: false, Refuse: false, request.ApiVersion, Describe(version.Status), clientType, consumer,
            Plan: null, Brownout: null, NextBrownout: null, new PolicyHeaderValues(null, null, []), NextChange(plans, now));
        if (covering.Plan is not { } plan)
        {
            return baseline;
        }

        var sunset = covering.Sunset;
        var isExtended = sunset > plan.SunsetAt;
        var status = PlanSchedule.StatusAt(plan.Status, plan.AnnounceAt, plan.DeprecationAt, sunset, now);
        // An extension is a negotiated exception: the consumer is spared the brownouts meant to flush out laggards.
        var activeBrownout = isExtended || status != PlanStatus.Deprecated ? null : plan.Brownouts.FirstOrDefault(b => b.StartsAt <= now && now < b.EndsAt);
        if (activeBrownout is { OnlyLaggards: true } && !await IsLaggardAsync(db, plan, consumerId, environment.ApiVersionScheme, now, cancellationToken))
        {
            activeBrownout = null;
        }

        // What a plan retires is its flag's legacy variations (one definition, see LegacyUsage).
        var retiredVariations = await LegacyUsage.LegacyVariationsAsync(db, plan.FlagId, cancellationToken);
        var state = status switch
        {
            PlanStatus.Announced => PolicyState.Announced,
            PlanStatus.Deprecated when activeBrownout is not null => PolicyState.Brownout,
            PlanStatus.Deprecated => PolicyState.Deprecated,
            _ => PolicyState.Sunset,
        };
        var next = isExtended ? null : plan.Brownouts.Where(b => b.StartsAt > now).OrderBy(b => b.StartsAt).FirstOrDefault();
        var headers = DeprecationHeaders.For(plan.DeprecationAt, sunset, plan.MigrationGuideUrl, plan.MigrationGuideUrl);
        return baseline with
        {
            State = state,
            Affected = true,
            Refuse = state is PolicyState.Brownout or PolicyState.Sunset,
            Plan = new PolicyPlan(
                plan.Id, plan.Title, status.ToString().ToLowerInvariant(), retiredVariations, plan.ApiVersionFrom, plan.ApiVersionBelow, plan.ClientTypes,
                plan.AnnounceAt, plan.DeprecationAt, plan.SunsetAt, sunset, plan.MigrationGuideUrl),
            Brownout = activeBrownout is null ? null : ToPolicy(activeBrownout),
            NextBrownout = next is null ? null : ToPolicy(next),
            Headers = PolicyHeaderValues.From(headers),
            ValidUntil = Min(baseline.ValidUntil, isExtended && sunset > now ? sunset : null),
        };
    }

    /// <summary>Seconds a provider may cache the answer: the configured maximum, shortened to the next scheduled change.</summary>
    public int MaxAgeSeconds(ProviderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var maximum = options.Value.PolicyMaxAgeSeconds;
        if (policy.ValidUntil is not { } until)
        {
            return maximum;
        }

        var seconds = (until - timeProvider.GetUtcNow().UtcDateTime).TotalSeconds;
        return (int)Math.Clamp(Math.Ceiling(seconds), 0, maximum);
    }

    private async Task<bool> IsLaggardAsync(DashboardDbContext db, DeprecationPlan plan, int? consumerId, VersionScheme scheme, DateTime now, CancellationToken cancellationToken)
    {
        if (consumerId is not { } id)
        {
            return false;
        }

        var scope = new PlanScope(plan.FlagId, new LegacyScope(plan.ApiVersionFrom, plan.ApiVersionBelow, plan.ClientTypes, scheme));
        return await LegacyUsage.PlanRows(db, scope, legacyUsage.Affected()).AnyAsync(r => r.ConsumerId == id, cancellationToken);
    }

    private static DateTime? NextChange(IEnumerable<DeprecationPlan> plans, DateTime now) =>
        plans.Where(p => !PlanSchedule.IsTerminal(p.Status))
            .SelectMany(p => new DateTime?[] { p.AnnounceAt, p.DeprecationAt, p.SunsetAt }.Concat(p.Brownouts.SelectMany(b => new DateTime?[] { b.StartsAt, b.EndsAt })))
            .Where(d => d > now)
            .Min();

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static PolicyBrownout ToPolicy(BrownoutWindow window) => new(window.StartsAt, window.EndsAt, window.OnlyLaggards, window.Note);

    private static string Describe(VersionStatus status) => status.ToString().ToLowerInvariant();
}
