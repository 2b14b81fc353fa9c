using Dashboard.Data.Entities;

namespace Dashboard.Timelines;

/// <summary>
/// Where a plan stands at a moment, from its dates: draft before the announcement, announced until the deprecation,
/// deprecated until the sunset, then sunset. Completed and cancelled are set by people and stay.
/// </summary>
public static class PlanSchedule
{
    public static bool IsTerminal(PlanStatus status) => status is PlanStatus.Completed or PlanStatus.Cancelled;

    /// <summary>Plans that still lie ahead or are running (not completed or cancelled).</summary>
    public static bool IsInProgress(PlanStatus status) => !IsTerminal(status);

    public static PlanStatus StatusAt(PlanStatus current, DateTime? announceAt, DateTime deprecationAt, DateTime sunsetAt, DateTime now)
    {
        if (IsTerminal(current))
        {
            return current;
        }

        if (now >= sunsetAt)
        {
            return PlanStatus.Sunset;
        }

        if (now >= deprecationAt)
        {
            return PlanStatus.Deprecated;
        }

        return announceAt is { } announce && now >= announce ? PlanStatus.Announced : PlanStatus.Draft;
    }

    public static PlanStatus StatusAt(DeprecationPlan plan, DateTime now) =>
        StatusAt(plan.Status, plan.AnnounceAt, plan.DeprecationAt, plan.SunsetAt, now);

    /// <summary>The moment the date-driven status changes next, or null when no date lies ahead.</summary>
    public static DateTime? NextChangeAt(PlanStatus current, DateTime? announceAt, DateTime deprecationAt, DateTime sunsetAt, DateTime now)
    {
        if (IsTerminal(current))
        {
            return null;
        }

        DateTime?[] candidates = [announceAt, deprecationAt, sunsetAt];
        return candidates.Where(d => d > now).Min();
    }

    /// <summary>
    /// Why a plan's consumers cannot be emailed about it, or null when they can: only announced, deprecated and sunset
    /// plans have something to tell (a draft has told nobody yet; a cancelled or completed plan asks nothing of anyone).
    /// </summary>
    public static string? EmailRefusal(PlanStatus status) => status switch
    {
        PlanStatus.Announced or PlanStatus.Deprecated or PlanStatus.Sunset => null,
        PlanStatus.Draft => "is a draft: it has not been announced, so it publishes no headers and consumers have been told nothing yet. Announce it on its page first.",
        PlanStatus.Cancelled => "is cancelled: consumers keep the behaviour they have, so there is nothing to tell them.",
        _ => "is completed: the retired behaviour is gone, so there is nothing left to announce.",
    };

    /// <summary>People may complete a plan once its sunset has passed, and cancel it any time before it is completed.</summary>
    public static string? ManualMoveRefusal(PlanStatus effective, PlanStatus target) => target switch
    {
        PlanStatus.Completed when effective == PlanStatus.Sunset => null,
        PlanStatus.Completed => $"Only a plan past its sunset can be completed; this one is {effective.ToString().ToLowerInvariant()}.",
        PlanStatus.Cancelled when !IsTerminal(effective) => null,
        PlanStatus.Cancelled => $"The plan is already {effective.ToString().ToLowerInvariant()}.",
        _ => "Draft, announced, deprecated and sunset follow the plan's dates; change the dates instead.",
    };
}
