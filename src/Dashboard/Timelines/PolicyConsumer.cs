namespace Dashboard.Timelines;

/// <summary>The consumer named in the policy request, and the later sunset granted to it, if any.</summary>
public sealed record PolicyConsumer(string Key, bool Known, DateTime? ExtendedSunsetAt);
