namespace Dashboard.Client;

/// <summary>Header values to copy onto the response.</summary>
public sealed record PolicyHeaders(string? Deprecation, string? Sunset, IReadOnlyList<string>? Link);
