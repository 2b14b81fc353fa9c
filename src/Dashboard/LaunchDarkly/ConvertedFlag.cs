using System.Text.Json.Nodes;
using Dashboard.FlagData;

namespace Dashboard.LaunchDarkly;

/// <summary>A flag from LaunchDarkly's REST API in the SDK data model, with its names; <see cref="Sdk"/> is null when it is not served (archived).</summary>
public sealed record ConvertedFlag(string Key, JsonObject? Sdk, FlagMetadata Metadata);
