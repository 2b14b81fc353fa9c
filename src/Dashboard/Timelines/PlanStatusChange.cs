namespace Dashboard.Timelines;

/// <summary>One entry of a plan's history, read from the audit log.</summary>
public sealed record PlanStatusChange(DateTime At, string Actor, string Action, string? Summary);
