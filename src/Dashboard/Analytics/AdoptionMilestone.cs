namespace Dashboard.Analytics;

/// <summary>A dated step of a deprecation plan, marked on adoption and burn-down charts: announce, deprecation, brownout, sunset or a campaign sent.</summary>
public sealed record AdoptionMilestone(DateTimeOffset At, AdoptionMilestoneKind Kind, string Label, int PlanId, string PlanTitle);
