namespace Dashboard.Timelines;

/// <summary>The Overview's plan KPIs: plans in progress and the next sunset (null when none lies ahead).</summary>
public sealed record PlanOverview(int PlansInProgress, PlanSummary? NextSunset);
