namespace WidgetsApi;

/// <summary>A widget in the new (v2) response format: camelCase inside an envelope, ISO dates.</summary>
public sealed record Widget(string Id, string Name, DateTimeOffset CreatedAt);
