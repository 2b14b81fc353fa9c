namespace Dashboard.Timelines;

/// <summary>A later sunset granted to one consumer.</summary>
public sealed record PlanExtension(string ConsumerKey, string ConsumerName, DateTime SunsetAt, string Reason, string GrantedBy, DateTime GrantedAt);
