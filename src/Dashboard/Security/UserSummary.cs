namespace Dashboard.Security;

/// <summary>A user as Settings → Users lists them.</summary>
public sealed record UserSummary(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, DateTime CreatedAt);
