namespace Dashboard.Notifications;

public sealed record AudienceRequest(string? ApiVersionFrom, string? ApiVersionBelow, IReadOnlyList<string>? ClientTypes, IReadOnlyList<string>? Tiers, IReadOnlyList<string>? ConsumerKeys = null);
