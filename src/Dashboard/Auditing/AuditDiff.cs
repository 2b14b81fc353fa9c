using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dashboard.Auditing;

/// <summary>
/// Turns an audit entry's before/after JSON into the fields that changed, so people read "Subject: old → new" instead of
/// escaped JSON. Objects are flattened to dotted paths; lists of plain values read as one comma-separated value.
/// </summary>
public static class AuditDiff
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<AuditFieldChange> Compute(string? beforeJson, string? afterJson)
    {
        var before = Flatten(beforeJson);
        var after = Flatten(afterJson);
        var fields = before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k)));
        return fields
            .Select(field => new AuditFieldChange(field, before.GetValueOrDefault(field), after.GetValueOrDefault(field)))
            .Where(change => change.Before != change.After)
            .ToList();
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return fields;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            Add(fields, "", document.RootElement);
        }
        catch (JsonException)
        {
            fields["(value)"] = json;
        }

        return fields;
    }

    private static void Add(Dictionary<string, string?> fields, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Add(fields, path.Length == 0 ? property.Name : $"{path}.{property.Name}", property.Value);
                }

                break;
            case JsonValueKind.Array when element.EnumerateArray().All(IsPlain):
                fields[Name(path)] = string.Join(", ", element.EnumerateArray().Select(Text));
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Add(fields, $"{Name(path)}[{index++}]", item);
                }

                break;
            default:
                fields[Name(path)] = Text(element);
                break;
        }
    }

    private static string Name(string path) => path.Length == 0 ? "(value)" : path;

    private static bool IsPlain(JsonElement element) => element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => element.GetRawText(),
        _ => JsonSerializer.Serialize(element, Readable),
    };
}
