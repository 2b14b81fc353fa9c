using System.Text.Json.Serialization;

namespace Dashboard.LaunchDarkly;

public sealed class LaunchDarklyLink
{
    [JsonPropertyName("href")]
    public string? Href { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
