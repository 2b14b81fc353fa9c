using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.LaunchDarkly;

/// <summary>A page of a LaunchDarkly collection; items stay raw JSON because they are converted, not bound.</summary>
public sealed class LaunchDarklyPage
{
    [JsonPropertyName("items")]
    public List<JsonElement>? Items { get; init; }

    [JsonPropertyName("_links")]
    public Dictionary<string, LaunchDarklyLink>? Links { get; init; }

    [JsonPropertyName("totalCount")]
    public int? TotalCount { get; init; }

    /// <summary>The <c>next</c> link's target, or null on the last page.</summary>
    public string? NextHref => Links is not null && Links.TryGetValue("next", out var next) ? next.Href : null;
}
