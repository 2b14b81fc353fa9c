namespace Dashboard.Timelines;

/// <summary>One day of a plan's burn-down: consumers and evaluations still receiving the retired behaviour.</summary>
public sealed record BurnDownPoint(DateOnly Day, int Consumers, long Evaluations);
