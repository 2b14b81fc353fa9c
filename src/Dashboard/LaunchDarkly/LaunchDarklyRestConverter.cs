using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.FlagData;

namespace Dashboard.LaunchDarkly;

/// <summary>
/// Converts LaunchDarkly's REST representations into the SDK data model the evaluator reads. A REST flag carries its
/// per-environment targeting under <c>environments.{envKey}</c> and uses <c>_id</c>/<c>_untracked</c> where the SDK
/// model uses <c>id</c>/<c>untracked</c>; a rollout with an experiment allocation is an experiment.
/// </summary>
public static class LaunchDarklyRestConverter
{
    /// <exception cref="LaunchDarklyConversionException">The flag lacks its key, variations or the environment's configuration.</exception>
    public static ConvertedFlag ConvertFlag(JsonElement restFlag, string environmentKey)
    {
        ArgumentNullException.ThrowIfNull(environmentKey);
        var key = RequiredString(restFlag, "key", "flag");
        var where = $"flag \"{key}\"";
        if (!restFlag.TryGetProperty("variations", out var variations) || variations.ValueKind != JsonValueKind.Array)
        {
            throw new LaunchDarklyConversionException($"{where} has no \"variations\" array");
        }

        var metadata = new FlagMetadata(
            OptionalString(restFlag, "name"),
            OptionalString(restFlag, "description"),
            [.. variations.EnumerateArray().Select(v => OptionalString(v, "name"))]);
        if (!restFlag.TryGetProperty("environments", out var environments) || environments.ValueKind != JsonValueKind.Object
            || !environments.TryGetProperty(environmentKey, out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw new LaunchDarklyConversionException($"{where} has no configuration for environment \"{environmentKey}\" (environments.{environmentKey})");
        }

        // Archived flags are no longer served to SDKs; evaluations of them return the caller's default.
        if (IsTrue(restFlag, "archived") || IsTrue(config, "archived") || IsTrue(restFlag, "deleted"))
        {
            return new ConvertedFlag(key, null, metadata);
        }

        var sdk = new JsonObject
        {
            ["key"] = key,
            ["version"] = config.TryGetProperty("version", out var version) && version.TryGetInt32(out var v) ? v : 1,
            ["on"] = IsTrue(config, "on"),
            ["prerequisites"] = MapArray(config, "prerequisites", p => new JsonObject { ["key"] = Node(p, "key"), ["variation"] = Node(p, "variation") }),
            ["targets"] = MapArray(config, "targets", t => new JsonObject { ["values"] = Node(t, "values"), ["variation"] = Node(t, "variation") }),
            ["contextTargets"] = MapArray(config, "contextTargets", t => new JsonObject
            {
                ["contextKind"] = Node(t, "contextKind") ?? "user", ["values"] = Node(t, "values"), ["variation"] = Node(t, "variation"),
            }),
            ["rules"] = ConvertRules(config),
            ["fallthrough"] = config.TryGetProperty("fallthrough", out var fallthrough) ? VariationOrRollout(fallthrough) : new JsonObject(),
            ["offVariation"] = Node(config, "offVariation"),
            ["variations"] = new JsonArray([.. variations.EnumerateArray().Select(variation => Node(variation, "value"))]),
            ["salt"] = Node(config, "salt") ?? key,
            ["trackEvents"] = IsTrue(config, "trackEvents"),
            ["trackEventsFallthrough"] = IsTrue(config, "trackEventsFallthrough"),
            ["clientSide"] = restFlag.TryGetProperty("clientSideAvailability", out var availability) && IsTrue(availability, "usingEnvironmentId"),
            ["deleted"] = false,
        };
        if (Node(config, "_debugEventsUntilDate") is { } debugUntil)
        {
            sdk["debugEventsUntilDate"] = debugUntil;
        }

        return new ConvertedFlag(key, sdk, metadata);
    }

    /// <exception cref="LaunchDarklyConversionException">The segment has no key.</exception>
    public static JsonObject ConvertSegment(JsonElement restSegment)
    {
        var key = RequiredString(restSegment, "key", "segment");
        var sdk = new JsonObject
        {
            ["key"] = key,
            ["version"] = Node(restSegment, "version") ?? 1,
            ["included"] = Node(restSegment, "included") ?? new JsonArray(),
            ["excluded"] = Node(restSegment, "excluded") ?? new JsonArray(),
            ["includedContexts"] = MapArray(restSegment, "includedContexts", SegmentTarget),
            ["excludedContexts"] = MapArray(restSegment, "excludedContexts", SegmentTarget),
            ["rules"] = MapArray(restSegment, "rules", rule =>
            {
                var converted = new JsonObject { ["id"] = Node(rule, "_id"), ["clauses"] = Clauses(rule) };
                CopyIfPresent(rule, converted, "weight");
                CopyIfPresent(rule, converted, "bucketBy");
                CopyIfPresent(rule, converted, "rolloutContextKind");
                return converted;
            }),
            // The REST API does not expose a segment's salt; weighted segment rules bucket by key then, as LaunchDarkly does for segments without one.
            ["salt"] = Node(restSegment, "salt") ?? key,
            ["deleted"] = IsTrue(restSegment, "deleted"),
        };
        if (IsTrue(restSegment, "unbounded"))
        {
            sdk["unbounded"] = true;
            CopyIfPresent(restSegment, sdk, "unboundedContextKind");
            CopyIfPresent(restSegment, sdk, "generation");
        }

        return sdk;
    }

    private static JsonArray ConvertRules(JsonElement config)
    {
        var rules = new JsonArray();
        if (!config.TryGetProperty("rules", out var restRules) || restRules.ValueKind != JsonValueKind.Array)
        {
            return rules;
        }

        foreach (var rule in restRules.EnumerateArray())
        {
            // Disabled rules are kept in LaunchDarkly's UI but not served to SDKs.
            if (IsTrue(rule, "disabled"))
            {
                continue;
            }

            var converted = VariationOrRollout(rule);
            converted.Insert(0, "id", Node(rule, "_id"));
            converted["clauses"] = Clauses(rule);
            converted["trackEvents"] = IsTrue(rule, "trackEvents");
            rules.Add(converted);
        }

        return rules;
    }

    private static JsonArray Clauses(JsonElement rule) => MapArray(rule, "clauses", clause =>
    {
        var converted = new JsonObject();
        CopyIfPresent(clause, converted, "contextKind");
        converted["attribute"] = Node(clause, "attribute");
        converted["op"] = Node(clause, "op");
        converted["values"] = Node(clause, "values") ?? new JsonArray();
        converted["negate"] = IsTrue(clause, "negate");
        return converted;
    });

    private static JsonObject VariationOrRollout(JsonElement source)
    {
        var converted = new JsonObject();
        if (source.TryGetProperty("variation", out var variation) && variation.ValueKind == JsonValueKind.Number)
        {
            converted["variation"] = Node(source, "variation");
            return converted;
        }

        if (!source.TryGetProperty("rollout", out var rollout) || rollout.ValueKind != JsonValueKind.Object)
        {
            return converted;
        }

        var sdkRollout = new JsonObject
        {
            ["variations"] = MapArray(rollout, "variations", weighted =>
            {
                var item = new JsonObject { ["variation"] = Node(weighted, "variation"), ["weight"] = Node(weighted, "weight") };
                if (IsTrue(weighted, "_untracked"))
                {
                    item["untracked"] = true;
                }

                return item;
            }),
        };
        if (rollout.TryGetProperty("experimentAllocation", out var allocation) && allocation.ValueKind == JsonValueKind.Object)
        {
            sdkRollout["kind"] = "experiment";
        }

        CopyIfPresent(rollout, sdkRollout, "bucketBy");
        CopyIfPresent(rollout, sdkRollout, "contextKind");
        CopyIfPresent(rollout, sdkRollout, "seed");
        converted["rollout"] = sdkRollout;
        return converted;
    }

    private static JsonObject SegmentTarget(JsonElement target) => new()
    {
        ["contextKind"] = Node(target, "contextKind") ?? "user",
        ["values"] = Node(target, "values") ?? new JsonArray(),
    };

    private static JsonArray MapArray(JsonElement source, string name, Func<JsonElement, JsonObject> map)
    {
        var result = new JsonArray();
        if (source.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    result.Add(map(item));
                }
            }
        }

        return result;
    }

    private static void CopyIfPresent(JsonElement source, JsonObject target, string name)
    {
        if (Node(source, name) is { } value)
        {
            target[name] = value;
        }
    }

    private static JsonNode? Node(JsonElement source, string name) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? JsonNode.Parse(value.GetRawText())
            : null;

    private static bool IsTrue(JsonElement source, string name) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? OptionalString(JsonElement source, string name) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string RequiredString(JsonElement source, string name, string what) =>
        source.ValueKind != JsonValueKind.Object
            ? throw new LaunchDarklyConversionException($"a {what} item is {source.ValueKind}, not an object")
            : OptionalString(source, name) is { Length: > 0 } text
                ? text
                : throw new LaunchDarklyConversionException($"a {what} item has no \"{name}\"");
}
