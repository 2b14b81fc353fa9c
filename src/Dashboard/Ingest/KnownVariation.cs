using System.Text.Json.Nodes;

namespace Dashboard.Ingest;

/// <summary>One variation of a <see cref="KnownFlag"/>.</summary>
public sealed record KnownVariation(int Index, string ValueJson, JsonNode? Value);
