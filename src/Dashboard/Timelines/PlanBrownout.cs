namespace Dashboard.Timelines;

/// <summary>A brownout window of a plan.</summary>
public sealed record PlanBrownout(int Id, DateTime StartsAt, DateTime EndsAt, bool OnlyLaggards, string? Note);
