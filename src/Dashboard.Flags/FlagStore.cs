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

    private FlagStore(FrozenDictionary<string, FeatureFlag> flags, FrozenDictionary<string, Segment> segments, TimeSpan regexTimeBudget)
    {
        _flags = flags;
        _segments = segments;
        RegexTimeBudget = regexTimeBudget;
    }

    public static FlagStore Empty { get; } = new(FrozenDictionary<string, FeatureFlag>.Empty, FrozenDictionary<string, Segment>.Empty, FlagDataLimits.RegexTimeBudget);

    /// <summary>Time one evaluation may spend in <c>matches</c> regexes; see <see cref="FlagDataLimits.RegexTimeBudget"/>.</summary>
    public TimeSpan RegexTimeBudget { get; }

    /// <summary>All flags, including ones marked deleted.</summary>
    public IReadOnlyDictionary<string, FeatureFlag> Flags => _flags;

    /// <summary>All segments, including ones marked deleted.</summary>
    public IReadOnlyDictionary<string, Segment> Segments => _segments;

    /// <summary>
    /// Parses SDK data JSON. Never throws for bad input: problems are returned in <see cref="FlagStoreLoadResult.Errors"/>.
    /// A key repeated in one object, text that is not valid Unicode and control characters in flag or segment keys are refused.
    /// </summary>
    /// <param name="json">SDK data JSON.</param>
    /// <param name="regexMatchTimeout">How long one <c>matches</c> regex may run; <see cref="DefaultRegexMatchTimeout"/> when null.</param>
    /// <param name="regexTimeBudget">How long one evaluation may spend in regexes; <see cref="FlagDataLimits.RegexTimeBudget"/> when null.</param>
    public static FlagStoreLoadResult Load(string json, TimeSpan? regexMatchTimeout = null, TimeSpan? regexTimeBudget = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            // A repeated key would make readers disagree on which value counts (and JsonNode throws on it).
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            return new FlagStoreLoadResult(null, [$"flag data is not valid JSON: {exception.Message}"]);
        }
        catch (InvalidOperationException exception)
        {
            // Checking for repeated keys reads every key, and reading one escaped as an unpaired surrogate throws this.
            return new FlagStoreLoadResult(null, [$"flag data has a key that is not valid Unicode text, such as an unpaired surrogate escape (\\ud800): {exception.Message}"]);
        }

        using (document)
        {
            return Load(document.RootElement, regexMatchTimeout, regexTimeBudget);
        }
    }

    /// <inheritdoc cref="Load(string, TimeSpan?, TimeSpan?)"/>
    public static FlagStoreLoadResult Load(JsonElement root, TimeSpan? regexMatchTimeout = null, TimeSpan? regexTimeBudget = null)
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
            : new FlagStoreLoadResult(
                new FlagStore(flags.ToFrozenDictionary(StringComparer.Ordinal), segments.ToFrozenDictionary(StringComparer.Ordinal), regexTimeBudget ?? FlagDataLimits.RegexTimeBudget),
                []);
    }

    /// <summary>Bool-returning form of <see cref="Load(string, TimeSpan?, TimeSpan?)"/>.</summary>
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

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "…";

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

        var kind = name[..^1];
        foreach (var item in section.EnumerateObject())
        {
            string key;
            try
            {
                key = item.Name;
            }
            catch (InvalidOperationException)
            {
                parser.AddError($"a {kind} key is not valid Unicode text (an unpaired surrogate or invalid UTF-8): {Excerpt(item.ToString())}");
                continue;
            }

            if (parser.CheckKey(kind, key))
            {
                try
                {
                    add(key, item.Value);
                }
                catch (InvalidOperationException exception)
                {
                    // The parser checks value kinds first, so this is JsonElement.GetString refusing text that is not valid Unicode.
                    parser.AddError($"{kind} {JsonSerializer.Serialize(key)}: {exception.Message}");
                }
            }
        }
    }
}
