namespace Dashboard.Analytics;

/// <summary>The editable fields of a consumer.</summary>
public sealed record ConsumerProfileInput(string DisplayName, string? Organisation, string? Tier, string? Owner, IReadOnlyList<string> Tags);
