using System.Text.Json.Nodes;
using Dashboard.Data.Entities;

namespace Dashboard.Ingest;

/// <summary>A flag as ingest validation sees it: its source and variations (values parsed once for comparison).</summary>
public sealed record KnownFlag(int Id, string Key, FlagSource Source, IReadOnlyList<KnownVariation> Variations)
{
    /// <summary>Discovered flags learn variations from events; synced and manual flags have a fixed set.</summary>
    public bool HasFixedVariations => Source != FlagSource.Discovered;

    public int? FindIndexOfValue(JsonNode? value) =>
        Variations.FirstOrDefault(v => JsonNode.DeepEquals(v.Value, value)) is { } match ? match.Index : null;
}
