using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Dashboard.Flags.Model;

namespace Dashboard.Flags;

/// <summary>
/// An immutable in-memory snapshot of flags and segments, loaded from LaunchDarkly SDK data JSON
/// (<c>{"flags":{...},"segments":{...}}</c>; <c>segments</c> may be omitted). Swap the whole store to update.
/// </summary>
public sealed class FlagStore
{
    /// <summary>How long a <c>matches</c> regex may run before the clause counts as not matching.</summary>
    public static readonly TimeSpan DefaultRegexMatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly FrozenDictionary<string, FeatureFlag> _flags;
    private readonly FrozenDictionary<string, Segment> _segments;

    private FlagStore(FrozenDictionary<string, FeatureFlag> flags, FrozenDictionary<string, Segment> segments)
    {
        _flags = flags;
        _segments = segments;
    }

    public static FlagStore Empty { get; } = new(FrozenDictionary<string, FeatureFlag>.Empty, FrozenDictionary<string, Segment>.Empty);

    /// <summary>All flags, including ones marked deleted.</summary>
    public IReadOnlyDictionary<string, FeatureFlag> Flags => _flags;

    /// <summary>All segments, including ones marked deleted.</summary>
    public IReadOnlyDictionary<string, Segment> Segments => _segments;

    /// <summary>Parses SDK data JSON. Never throws for bad input: problems are returned in <see cref="FlagStoreLoadResult.Errors"/>.</summary>
    public static FlagStoreLoadResult Load(string json, TimeSpan? regexMatchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            return Load(document.RootElement, regexMatchTimeout);
        }
        catch (JsonException exception)
        {
            return new FlagStoreLoadResult(null, [$"flag data is not valid JSON: {exception.Message}"]);
        }
    }

    /// <inheritdoc cref="Load(string, TimeSpan?)"/>
    public static FlagStoreLoadResult Load(JsonElement root, TimeSpan? regexMatchTimeout = null)
    {
        var parser = new FlagDataParser(regexMatchTimeout ?? DefaultRegexMatchTimeout);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new FlagStoreLoadResult(null, [$"flag data must be a JSON object with \"flags\" and \"segments\", found {root.ValueKind}"]);
        }

        var flags = new Dictionary<string, FeatureFlag>(StringComparer.Ordinal);
        var segments = new Dictionary<string, Segment>(StringComparer.Ordinal);
        if (!root.TryGetProperty("flags", out _) && !root.TryGetProperty("segments", out _))
        {
            return new FlagStoreLoadResult(null, ["flag data has neither \"flags\" nor \"segments\"; expected {\"flags\":{...},\"segments\":{...}}"]);
        }

        ReadSection(root, "flags", parser, (key, element) => flags[key] = parser.ParseFlag(key, element));
        ReadSection(root, "segments", parser, (key, element) => segments[key] = parser.ParseSegment(key, element));
        return parser.Errors.Count > 0
            ? new FlagStoreLoadResult(null, parser.Errors)
            : new FlagStoreLoadResult(new FlagStore(flags.ToFrozenDictionary(StringComparer.Ordinal), segments.ToFrozenDictionary(StringComparer.Ordinal)), []);
    }

    /// <summary>Bool-returning form of <see cref="Load(string, TimeSpan?)"/>.</summary>
    public static bool TryLoad(string json, [NotNullWhen(true)] out FlagStore? store, out IReadOnlyList<string> errors)
    {
        var result = Load(json);
        store = result.Store;
        errors = result.Errors;
        return result.Succeeded;
    }

    /// <summary>The flag with this key, or null when it is missing or deleted.</summary>
    public FeatureFlag? GetFlag(string key) =>
        _flags.TryGetValue(key, out var flag) && !flag.Deleted ? flag : null;

    /// <summary>The segment with this key, or null when it is missing or deleted.</summary>
    public Segment? GetSegment(string key) =>
        _segments.TryGetValue(key, out var segment) && !segment.Deleted ? segment : null;

    private static void ReadSection(JsonElement root, string name, FlagDataParser parser, Action<string, JsonElement> add)
    {
        if (!root.TryGetProperty(name, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            parser.AddError($"\"{name}\" must be an object keyed by {name[..^1]} key, found {section.ValueKind}");
            return;
        }

        foreach (var item in section.EnumerateObject())
        {
            add(item.Name, item.Value);
        }
    }
}
