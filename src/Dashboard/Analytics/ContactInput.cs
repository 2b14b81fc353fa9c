namespace Dashboard.Analytics;

/// <summary>A contact as a form or import row enters it.</summary>
public sealed record ContactInput(string Email, string? Name, string? Role);
