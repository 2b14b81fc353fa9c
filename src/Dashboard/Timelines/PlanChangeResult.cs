namespace Dashboard.Timelines;

/// <summary>The outcome of a plan change: the plan's id when saved, field messages otherwise (warnings either way).</summary>
public sealed record PlanChangeResult(int? PlanId, ValidationOutcome Outcome, bool NotFound = false)
{
    public bool Succeeded => PlanId is not null && Outcome.IsValid;

    public static PlanChangeResult Missing(string what) => new(null, ValidationOutcome.Error("id", what), NotFound: true);
}
