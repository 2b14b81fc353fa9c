using System.Globalization;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Dashboard.Options;
using Dashboard.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Timelines;

/// <summary>
/// Creates and changes deprecation plans, their brownouts and per-consumer extensions. Every change is validated as a
/// whole (nothing half-stored) and written together with its audit entry.
/// </summary>
public sealed class PlanService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    AuditLog auditLog,
    TimeProvider timeProvider,
    IOptions<TimelinesOptions> options)
{
    public async Task<PlanChangeResult> CreateAsync(int environmentId, PlanInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environment = await db.Environments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == environmentId, cancellationToken);
        if (environment is null)
        {
            return PlanChangeResult.Missing($"Environment {environmentId} does not exist.");
        }

        var flagKey = input.FlagKey?.Trim();
        var flag = string.IsNullOrEmpty(flagKey)
            ? null
            : await db.Flags.AsNoTracking().Include(f => f.Variations)
                .SingleOrDefaultAsync(f => f.EnvironmentId == environmentId && f.Key == flagKey, cancellationToken);
        var now = Now;
        // Without a flag the other fields are still checked, so one submit names every problem.
        var (errors, warnings) = flag is null
            ? PlanValidator.Validate(input, new PlanRules(now, environment.ApiVersionScheme, [], [], options.Value.MinimumNoticeDays, null, []))
            : PlanValidator.Validate(input, await RulesAsync(db, environment, flag, null, now, cancellationToken));
        if (flag is null)
        {
            errors.Add("flagKey", string.IsNullOrEmpty(flagKey) ? "Choose the flag whose legacy behaviour is retired." : $"No flag '{flagKey}' in environment '{environment.Key}'.");
        }

        if (!errors.IsEmpty || flag is null)
        {
            return PlanChangeResult.Invalid(errors, warnings);
        }

        var plan = new DeprecationPlan
        {
            Title = "",
            EnvironmentId = environmentId,
            FlagId = flag.Id,
            CreatedAt = now,
            CreatedBy = actor,
        };
        Apply(plan, input, now);
        plan.Status = PlanSchedule.StatusAt(PlanStatus.Draft, plan.AnnounceAt, plan.DeprecationAt, plan.SunsetAt, now);
        db.DeprecationPlans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        auditLog.Record(db, actor, PlanAuditActions.Created, PlanAuditActions.EntityType, Id(plan.Id), $"Plan \"{plan.Title}\" for {flag.Key} created ({plan.Status}).", after: PlanAuditSnapshot.Of(plan));
        await db.SaveChangesAsync(cancellationToken);
        return PlanChangeResult.Saved(plan.Id, warnings);
    }

    public async Task<PlanChangeResult> UpdateAsync(int planId, PlanInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.DeprecationPlans.Include(p => p.Brownouts).Include(p => p.Flag!).ThenInclude(f => f.Variations)
            .SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return PlanChangeResult.Missing($"Plan {planId} does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(input.FlagKey) && input.FlagKey.Trim() != plan.Flag!.Key)
        {
            return PlanChangeResult.Invalid("flagKey", "A plan's flag cannot change; cancel this plan and create one for the other flag.");
        }

        if (PlanSchedule.IsTerminal(plan.Status))
        {
            return PlanChangeResult.Invalid("status", $"The plan is {plan.Status.ToString().ToLowerInvariant()} and can no longer change.");
        }

        var environment = await db.Environments.AsNoTracking().SingleAsync(e => e.Id == plan.EnvironmentId, cancellationToken);
        var now = Now;
        var (errors, warnings) = PlanValidator.Validate(input, await RulesAsync(db, environment, plan.Flag!, plan, now, cancellationToken));
        if (!errors.IsEmpty)
        {
            return PlanChangeResult.Invalid(errors, warnings);
        }

        var before = PlanAuditSnapshot.Of(plan);
        var statusBefore = plan.Status;
        db.BrownoutWindows.RemoveRange(plan.Brownouts);
        plan.Brownouts.Clear();
        Apply(plan, input, now);
        plan.Status = PlanSchedule.StatusAt(plan, now);
        auditLog.Record(db, actor, PlanAuditActions.Updated, PlanAuditActions.EntityType, Id(plan.Id), $"Plan \"{plan.Title}\" updated.", before, PlanAuditSnapshot.Of(plan));
        if (plan.Status != statusBefore)
        {
            RecordStatusChange(db, actor, plan, statusBefore, "after a date change");
        }

        await db.SaveChangesAsync(cancellationToken);
        return PlanChangeResult.Saved(plan.Id, warnings);
    }

    /// <summary>Completes (after the sunset) or cancels a plan; the date-driven statuses cannot be set by hand.</summary>
    public async Task<PlanChangeResult> MoveAsync(int planId, PlanStatus target, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.DeprecationPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return PlanChangeResult.Missing($"Plan {planId} does not exist.");
        }

        var effective = PlanSchedule.StatusAt(plan, Now);
        if (PlanSchedule.ManualMoveRefusal(effective, target) is { } refusal)
        {
            return PlanChangeResult.Invalid("status", refusal);
        }

        var before = plan.Status;
        plan.Status = target;
        plan.UpdatedAt = Now;
        RecordStatusChange(db, actor, plan, before, null);
        await db.SaveChangesAsync(cancellationToken);
        return PlanChangeResult.Saved(plan.Id);
    }

    /// <summary>
    /// Announces a draft plan now: the announcement date moves to now (it was empty or later), so the status becomes
    /// Announced, providers start sending the policy headers and reminders begin. Audited as a change and a status change.
    /// </summary>
    public async Task<PlanChangeResult> AnnounceNowAsync(int planId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.DeprecationPlans.Include(p => p.Brownouts).SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return PlanChangeResult.Missing($"Plan {planId} does not exist.");
        }

        var now = Now;
        var effective = PlanSchedule.StatusAt(plan, now);
        if (effective != PlanStatus.Draft)
        {
            return PlanChangeResult.Invalid("status", $"Only a draft plan can be announced; this one is already {effective.ToString().ToLowerInvariant()}.");
        }

        var before = PlanAuditSnapshot.Of(plan);
        var statusBefore = plan.Status;
        plan.AnnounceAt = now;
        plan.UpdatedAt = now;
        plan.Status = PlanSchedule.StatusAt(plan, now);
        auditLog.Record(db, actor, PlanAuditActions.Updated, PlanAuditActions.EntityType, Id(plan.Id), $"Plan \"{plan.Title}\" announced now.", before, PlanAuditSnapshot.Of(plan));
        RecordStatusChange(db, actor, plan, statusBefore, "announced by hand");
        await db.SaveChangesAsync(cancellationToken);
        var warnings = new FieldErrors();
        PlanValidator.WarnOnShortNotice(plan.AnnounceAt, plan.DeprecationAt, plan.SunsetAt, options.Value.MinimumNoticeDays, warnings);
        return PlanChangeResult.Saved(plan.Id, warnings);
    }

    /// <summary>Grants (or changes) one consumer's later sunset.</summary>
    public async Task<PlanChangeResult> SetExtensionAsync(int planId, ExtensionInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.DeprecationPlans.Include(p => p.Extensions).SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return PlanChangeResult.Missing($"Plan {planId} does not exist.");
        }

        var errors = new FieldErrors();
        if (PlanSchedule.IsTerminal(plan.Status))
        {
            errors.Add("status", $"The plan is {plan.Status.ToString().ToLowerInvariant()}; extensions can no longer change.");
        }

        var consumerKey = input.ConsumerKey?.Trim();
        var consumer = string.IsNullOrEmpty(consumerKey)
            ? null
            : await db.Consumers.AsNoTracking().SingleOrDefaultAsync(c => c.EnvironmentId == plan.EnvironmentId && c.Key == consumerKey, cancellationToken);
        if (consumer is null)
        {
            errors.Add("consumerKey", string.IsNullOrEmpty(consumerKey) ? "Choose the consumer that gets more time." : $"No consumer '{consumerKey}' in this plan's environment.");
        }

        if (input.SunsetAt is not { } sunset)
        {
            errors.Add("sunsetAt", "Set the consumer's own sunset date.");
        }
        else if (sunset <= plan.SunsetAt)
        {
            // No time in the text: the page beside it shows the plan's sunset in the viewer's zone, the API caller has it as a value.
            errors.Add("sunsetAt", "An extension must end after the plan's sunset.");
        }
        else if (sunset < Now)
        {
            errors.Add("sunsetAt", "The extended sunset lies in the past.");
        }

        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Add("reason", "Say why this consumer gets more time; the reason is shown to other editors.");
        }
        else if (TextRules.TextProblem(input.Reason.Trim(), 1000, TextRules.MultiLine) is { } problem)
        {
            errors.Add("reason", $"The reason {problem}.");
        }

        if (!errors.IsEmpty)
        {
            return PlanChangeResult.Invalid(errors);
        }

        var extension = plan.Extensions.SingleOrDefault(e => e.ConsumerId == consumer!.Id);
        var before = extension is null ? null : new { extension.SunsetAt, extension.Reason };
        if (extension is null)
        {
            extension = new ConsumerExtension { ConsumerId = consumer!.Id, Reason = "", GrantedBy = actor };
            plan.Extensions.Add(extension);
        }

        extension.SunsetAt = input.SunsetAt!.Value;
        extension.Reason = input.Reason!.Trim();
        extension.GrantedBy = actor;
        extension.GrantedAt = Now;
        auditLog.Record(
            db, actor, PlanAuditActions.ExtensionGranted, PlanAuditActions.EntityType, Id(plan.Id),
            $"{consumer!.Key} may use the retired behaviour until {extension.SunsetAt:yyyy-MM-dd HH:mm} UTC.", before, new { extension.SunsetAt, extension.Reason, Consumer = consumer.Key });
        await db.SaveChangesAsync(cancellationToken);
        return PlanChangeResult.Saved(plan.Id);
    }

    public async Task<PlanChangeResult> RemoveExtensionAsync(int planId, string consumerKey, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var extension = await db.ConsumerExtensions.Include(e => e.Consumer)
            .SingleOrDefaultAsync(e => e.PlanId == planId && e.Consumer!.Key == consumerKey, cancellationToken);
        if (extension is null)
        {
            return PlanChangeResult.Missing($"Plan {planId} has no extension for consumer '{consumerKey}'.");
        }

        db.ConsumerExtensions.Remove(extension);
        auditLog.Record(
            db, actor, PlanAuditActions.ExtensionRemoved, PlanAuditActions.EntityType, Id(planId),
            $"Extension for {consumerKey} removed; the plan's sunset applies again.", new { extension.SunsetAt, extension.Reason, Consumer = consumerKey });
        await db.SaveChangesAsync(cancellationToken);
        return PlanChangeResult.Saved(planId);
    }

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    private async Task<PlanRules> RulesAsync(DashboardDbContext db, DashboardEnvironment environment, Flag flag, DeprecationPlan? existing, DateTime now, CancellationToken cancellationToken)
    {
        var siblings = await db.DeprecationPlans.AsNoTracking().Where(p => p.FlagId == flag.Id).ToListAsync(cancellationToken);
        return new PlanRules(now, environment.ApiVersionScheme, flag.Variations.Select(v => v.Index).ToList(), flag.Variations.Where(v => v.IsLegacy).Select(v => v.Index).ToList(), options.Value.MinimumNoticeDays, existing, siblings);
    }

    private static void Apply(DeprecationPlan plan, PlanInput input, DateTime now)
    {
        plan.Title = input.Title!.Trim();
        plan.ApiVersionFrom = Trimmed(input.ApiVersionFrom);
        plan.ApiVersionBelow = Trimmed(input.ApiVersionBelow);
        plan.ClientTypes = input.ClientTypes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        plan.AnnounceAt = input.AnnounceAt;
        plan.DeprecationAt = input.DeprecationAt!.Value;
        plan.SunsetAt = input.SunsetAt!.Value;
        plan.MigrationGuideUrl = Trimmed(input.MigrationGuideUrl);
        plan.Notes = Trimmed(input.Notes);
        plan.Owner = Trimmed(input.Owner);
        plan.UpdatedAt = now;
        plan.Brownouts.AddRange(input.Brownouts.OrderBy(b => b.StartsAt).Select(b => new BrownoutWindow
        {
            StartsAt = b.StartsAt!.Value, EndsAt = b.EndsAt!.Value, OnlyLaggards = b.OnlyLaggards, Note = Trimmed(b.Note),
        }));
    }

    private void RecordStatusChange(DashboardDbContext db, string actor, DeprecationPlan plan, PlanStatus before, string? why) =>
        auditLog.Record(
            db, actor, PlanAuditActions.StatusChanged, PlanAuditActions.EntityType, Id(plan.Id),
            $"{before} → {plan.Status}{(why is null ? "" : " " + why)}.", new { Status = before.ToString() }, new { Status = plan.Status.ToString() });

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
