using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.FlagData;

/// <summary>
/// A readable structural diff of two JSON documents: one <see cref="FlagChange"/> per differing leaf, object or array
/// element, with a path such as <c>rules[0 "v2-rule"].clauses[0].values</c> (array elements name their <c>id</c> when they have one).
/// </summary>
public static class JsonDiff
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static IReadOnlyList<FlagChange> Compare(JsonNode? before, JsonNode? after, IReadOnlySet<string>? ignoredProperties = null)
    {
        var changes = new List<FlagChange>();
        Walk(before, after, "", changes, ignoredProperties ?? new HashSet<string>());
        return changes;
    }

    private static void Walk(JsonNode? before, JsonNode? after, string path, List<FlagChange> changes, IReadOnlySet<string> ignored)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        if (before is JsonObject beforeObject && after is JsonObject afterObject)
        {
            var names = afterObject.Select(p => p.Key).Concat(beforeObject.Select(p => p.Key)).Distinct(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (path.Length == 0 && ignored.Contains(name))
                {
                    continue;
                }

                Walk(beforeObject[name], afterObject[name], path.Length == 0 ? name : path + "." + name, changes, ignored);
            }

            return;
        }

        if (before is JsonArray beforeArray && after is JsonArray afterArray && !IsScalarArray(beforeArray) && !IsScalarArray(afterArray))
        {
            for (var i = 0; i < Math.Max(beforeArray.Count, afterArray.Count); i++)
            {
                var b = i < beforeArray.Count ? beforeArray[i] : null;
                var a = i < afterArray.Count ? afterArray[i] : null;
                Walk(b, a, $"{path}[{ElementLabel(i, a ?? b)}]", changes, ignored);
            }

            return;
        }

        changes.Add(new FlagChange(path, before?.ToJsonString(Compact), after?.ToJsonString(Compact)));
    }

    // Lists of values (clause values, target keys) read better as one change than one per position.
    private static bool IsScalarArray(JsonArray array) => array.All(n => n is JsonValue or null);

    private static string ElementLabel(int index, JsonNode? element)
    {
        var label = index.ToString(CultureInfo.InvariantCulture);
        return element is JsonObject item && (item["id"] ?? item["_id"]) is JsonValue id && id.TryGetValue<string>(out var text)
            ? $"{label} \"{text}\""
            : label;
    }
}
