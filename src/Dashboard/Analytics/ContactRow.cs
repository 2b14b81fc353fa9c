namespace Dashboard.Analytics;

/// <summary>A consumer's contact as the detail page and API show it.</summary>
public sealed record ContactRow(int Id, string Email, string? Name, string? Role, bool IsUnsubscribed);
