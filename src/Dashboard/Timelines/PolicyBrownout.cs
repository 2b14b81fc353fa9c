namespace Dashboard.Timelines;

/// <summary>A brownout window as the policy API reports it.</summary>
public sealed record PolicyBrownout(DateTime StartsAt, DateTime EndsAt, bool OnlyLaggards, string? Note);
