using System.Text.Json;

namespace Dashboard.Ingest;

/// <summary>
/// An evaluation context as LaunchDarkly SDKs send it (single-kind <c>{"kind":"user","key":…}</c> or multi-kind
/// <c>{"kind":"multi","user":{…},"org":{…}}</c>), read as kind → attributes, so the consumer mapping can pick values.
/// </summary>
public sealed class LaunchDarklyContext
{
    // Kind → attributes object; contexts known only by contextKeys carry no attributes object, just the key.
    private readonly Dictionary<string, (string? Key, JsonElement? Attributes)> kinds = new(StringComparer.Ordinal);

    public IEnumerable<(string Kind, string Key)> KindsAndKeys =>
        kinds.Where(k => k.Value.Key is not null).Select(k => (k.Key, k.Value.Key!));

    /// <summary>Reads a context object; null when it is not one.</summary>
    public static LaunchDarklyContext? FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var context = new LaunchDarklyContext();
        var kind = element.TryGetProperty("kind", out var kindElement) && kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString()! : "user";
        if (kind == "multi")
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name != "kind" && property.Value.ValueKind == JsonValueKind.Object)
                {
                    context.kinds[property.Name] = (Text(property.Value, "key"), property.Value);
                }
            }
        }
        else
        {
            context.kinds[kind] = (Text(element, "key"), element);
        }

        return context;
    }

    /// <summary>A context known only by <c>contextKeys</c> (<c>{"user":"key1"}</c>): keys, no other attributes.</summary>
    public static LaunchDarklyContext? FromContextKeys(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var context = new LaunchDarklyContext();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                context.kinds[property.Name] = (property.Value.GetString(), null);
            }
        }

        return context;
    }

    /// <summary>Adds the attributes of <paramref name="other"/>'s kinds that this context only knows by key.</summary>
    public void CompleteFrom(LaunchDarklyContext other)
    {
        foreach (var (kind, theirs) in other.kinds)
        {
            if (kinds.TryGetValue(kind, out var mine) && mine.Attributes is null && theirs.Attributes is not null && mine.Key == theirs.Key)
            {
                kinds[kind] = theirs;
            }
        }
    }

    /// <summary>
    /// The first candidate with a value. A candidate is <c>kind.attribute</c> (e.g. <c>api-consumer.key</c>) or a bare
    /// attribute looked up in every kind (e.g. <c>consumerType</c>). Kinds may contain dots, so every split is tried.
    /// </summary>
    public string? Resolve(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            for (var dot = candidate.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = candidate.IndexOf('.', dot + 1))
            {
                if (kinds.TryGetValue(candidate[..dot], out var kind) && Attribute(kind, candidate[(dot + 1)..]) is { } value)
                {
                    return value;
                }
            }

            if (!candidate.Contains('.', StringComparison.Ordinal))
            {
                foreach (var kind in kinds.Values)
                {
                    if (Attribute(kind, candidate) is { } value)
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }

    private static string? Attribute((string? Key, JsonElement? Attributes) kind, string name) =>
        name == "key" ? kind.Key : kind.Attributes is { } attributes ? Text(attributes, name) : null;

    /// <summary>Strings as sent; numbers as written (an <c>apiVersion</c> of <c>2</c> reads as "2"); anything else is no value.</summary>
    private static string? Text(JsonElement attributes, string name)
    {
        if (attributes.ValueKind != JsonValueKind.Object || !attributes.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
