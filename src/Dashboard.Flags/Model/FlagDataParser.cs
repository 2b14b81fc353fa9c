using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Flags.Contexts;
using Dashboard.Flags.Evaluation;
using Dashboard.Flags.Validation;

namespace Dashboard.Flags.Model;

/// <summary>
/// Turns LaunchDarkly SDK data JSON into the flag model. Wrong JSON types are reported with the
/// owning flag or segment and the field path; missing or null optional fields take LaunchDarkly's
/// defaults. Semantic problems (bad variation index, bad attribute reference, cycles) are left to
/// evaluation, which reports them as MALFORMED_FLAG the way LaunchDarkly does.
/// </summary>
internal sealed class FlagDataParser(TimeSpan regexMatchTimeout)
{
    private const int StringSetThreshold = 8;

    private readonly List<string> _errors = [];
    private readonly Dictionary<string, Regex?> _regexCache = new(StringComparer.Ordinal);
    private string _owner = string.Empty;

    public IReadOnlyList<string> Errors => _errors;

    public FeatureFlag ParseFlag(string key, JsonElement json)
    {
        _owner = $"flag \"{key}\"";
        if (!ExpectObject(json, "(flag)"))
        {
            return new FeatureFlag { Key = key };
        }

        var targets = ObjectArray(json, "targets", "targets", (element, path) => ParseTarget(element, path, isContextTarget: false));
        var contextTargets = ObjectArray(json, "contextTargets", "contextTargets", (element, path) => ParseTarget(element, path, isContextTarget: true));
        var variations = Array(json, "variations", "variations", static (element, _) => element.Clone());
        var ownKey = String(json, "key", "key") ?? key;
        if (ownKey != key)
        {
            CheckKey("flag", ownKey);
        }

        return new FeatureFlag
        {
            Key = ownKey,
            Version = Int(json, "version", "version") ?? 0,
            On = Bool(json, "on", "on"),
            Prerequisites = ObjectArray(json, "prerequisites", "prerequisites", ParsePrerequisite),
            Targets = targets,
            ContextTargets = contextTargets,
            Rules = ObjectArray(json, "rules", "rules", ParseFlagRule),
            Fallthrough = TryGet(json, "fallthrough", out var fallthrough) ? ParseVariationOrRollout(fallthrough, "fallthrough") : VariationOrRollout.None,
            OffVariation = Int(json, "offVariation", "offVariation"),
            Variations = variations,
            Salt = String(json, "salt", "salt") ?? string.Empty,
            TrackEvents = Bool(json, "trackEvents", "trackEvents"),
            TrackEventsFallthrough = Bool(json, "trackEventsFallthrough", "trackEventsFallthrough"),
            ClientSide = Bool(json, "clientSide", "clientSide"),
            DebugEventsUntilDate = Long(json, "debugEventsUntilDate", "debugEventsUntilDate"),
            Deleted = Bool(json, "deleted", "deleted"),
        };
    }

    public Segment ParseSegment(string key, JsonElement json)
    {
        _owner = $"segment \"{key}\"";
        if (!ExpectObject(json, "(segment)"))
        {
            return new Segment { Key = key };
        }

        var included = StringArray(json, "included", "included");
        var excluded = StringArray(json, "excluded", "excluded");
        var ownKey = String(json, "key", "key") ?? key;
        if (ownKey != key)
        {
            CheckKey("segment", ownKey);
        }

        return new Segment
        {
            Key = ownKey,
            Version = Int(json, "version", "version") ?? 0,
            Included = included,
            Excluded = excluded,
            IncludedSet = new HashSet<string>(included, StringComparer.Ordinal),
            ExcludedSet = new HashSet<string>(excluded, StringComparer.Ordinal),
            IncludedContexts = ObjectArray(json, "includedContexts", "includedContexts", ParseSegmentTarget),
            ExcludedContexts = ObjectArray(json, "excludedContexts", "excludedContexts", ParseSegmentTarget),
            Rules = ObjectArray(json, "rules", "rules", ParseSegmentRule),
            Salt = String(json, "salt", "salt") ?? string.Empty,
            Unbounded = Bool(json, "unbounded", "unbounded"),
            Generation = Int(json, "generation", "generation"),
            Deleted = Bool(json, "deleted", "deleted"),
        };
    }

    public void AddError(string message) => _errors.Add(message);

    /// <summary>
    /// Refuses a flag or segment key that ingest, CSV import and the forms would refuse (<see cref="TextRules.KeyProblem"/>:
    /// control characters, NUL included, invisible or bidirectional formatting characters, non-ASCII spaces, unpaired
    /// surrogates) or that holds U+FFFD (what is left of invalid UTF-8): a flag stored under such a key could never be
    /// counted, and a look-alike key cannot be told apart on screen. Returns false after adding the error.
    /// </summary>
    public bool CheckKey(string kind, string key)
    {
        var problem = TextRules.KeyProblem(key, int.MaxValue);
        if (problem is null && key.IndexOf('\uFFFD', StringComparison.Ordinal) is var position and >= 0)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"must not contain U+FFFD, the replacement character left where text was not valid UTF-8 (at position {position + 1})");
        }

        if (problem is not null)
        {
            _errors.Add($"{kind} key {Quote(key)} {problem}");
            return false;
        }

        return true;
    }

    private Prerequisite ParsePrerequisite(JsonElement json, string path)
    {
        var key = String(json, "key", path + ".key");
        if (key is null)
        {
            Error(path + ".key", "is required");
        }

        return new Prerequisite { Key = key ?? string.Empty, Variation = RequiredInt(json, "variation", path + ".variation") };
    }

    private Target ParseTarget(JsonElement json, string path, bool isContextTarget)
    {
        var values = StringArray(json, "values", path + ".values");
        return new Target
        {
            ContextKind = isContextTarget ? String(json, "contextKind", path + ".contextKind") : null,
            Values = values,
            ValueSet = new HashSet<string>(values, StringComparer.Ordinal),
            Variation = RequiredInt(json, "variation", path + ".variation"),
        };
    }

    private SegmentTarget ParseSegmentTarget(JsonElement json, string path)
    {
        var values = StringArray(json, "values", path + ".values");
        return new SegmentTarget
        {
            ContextKind = String(json, "contextKind", path + ".contextKind"),
            Values = values,
            ValueSet = new HashSet<string>(values, StringComparer.Ordinal),
        };
    }

    private FlagRule ParseFlagRule(JsonElement json, string path) => new()
    {
        Id = String(json, "id", path + ".id"),
        Clauses = ObjectArray(json, "clauses", path + ".clauses", ParseClause),
        Serve = ParseVariationOrRollout(json, path),
        TrackEvents = Bool(json, "trackEvents", path + ".trackEvents"),
    };

    private SegmentRule ParseSegmentRule(JsonElement json, string path)
    {
        var rolloutContextKind = String(json, "rolloutContextKind", path + ".rolloutContextKind");
        var bucketBy = String(json, "bucketBy", path + ".bucketBy");
        return new SegmentRule
        {
            Id = String(json, "id", path + ".id"),
            Clauses = ObjectArray(json, "clauses", path + ".clauses", ParseClause),
            Weight = Int(json, "weight", path + ".weight"),
            BucketBy = string.IsNullOrEmpty(bucketBy) ? null : AttributeReference.FromClause(bucketBy, rolloutContextKind),
            RolloutContextKind = rolloutContextKind,
        };
    }

    private VariationOrRollout ParseVariationOrRollout(JsonElement json, string path)
    {
        if (!ExpectObject(json, path))
        {
            return VariationOrRollout.None;
        }

        var variation = Int(json, "variation", path + ".variation");
        Rollout? rollout = null;
        if (TryGet(json, "rollout", out var rolloutJson) && ExpectObject(rolloutJson, path + ".rollout"))
        {
            var rolloutPath = path + ".rollout";
            var contextKind = String(rolloutJson, "contextKind", rolloutPath + ".contextKind");
            var bucketBy = String(rolloutJson, "bucketBy", rolloutPath + ".bucketBy");
            rollout = new Rollout
            {
                Kind = string.Equals(String(rolloutJson, "kind", rolloutPath + ".kind"), "experiment", StringComparison.Ordinal) ? RolloutKind.Experiment : RolloutKind.Rollout,
                ContextKind = contextKind,
                BucketBy = string.IsNullOrEmpty(bucketBy) ? null : AttributeReference.FromClause(bucketBy, contextKind),
                Seed = Int(rolloutJson, "seed", rolloutPath + ".seed"),
                Variations = ObjectArray(rolloutJson, "variations", rolloutPath + ".variations", ParseWeightedVariation),
            };
        }

        return variation is null && rollout is null ? VariationOrRollout.None : new VariationOrRollout { Variation = variation, Rollout = rollout };
    }

    private WeightedVariation ParseWeightedVariation(JsonElement json, string path) => new()
    {
        Variation = RequiredInt(json, "variation", path + ".variation"),
        Weight = Int(json, "weight", path + ".weight") ?? 0,
        Untracked = Bool(json, "untracked", path + ".untracked"),
    };

    private Clause ParseClause(JsonElement json, string path)
    {
        var contextKind = String(json, "contextKind", path + ".contextKind");
        var attribute = String(json, "attribute", path + ".attribute");
        var operatorName = String(json, "op", path + ".op") ?? string.Empty;
        var op = ParseOperator(operatorName);
        var values = Array(json, "values", path + ".values", static (element, _) => element.Clone());
        var parsed = new AttributeValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            parsed[i] = AttributeValue.FromJson(values[i]);
        }

        var clause = new Clause
        {
            ContextKind = contextKind,
            Attribute = string.IsNullOrEmpty(attribute) ? null : AttributeReference.FromClause(attribute, contextKind),
            Operator = op,
            OperatorName = operatorName,
            Values = values,
            Negate = Bool(json, "negate", path + ".negate"),
            ParsedValues = parsed,
            StringValueSet = op == ClauseOperator.In ? BuildStringSet(parsed) : null,
            Timestamps = op is ClauseOperator.Before or ClauseOperator.After ? ParseEach(parsed, ParseTimestamp) : [],
            SemVers = op is ClauseOperator.SemVerEqual or ClauseOperator.SemVerLessThan or ClauseOperator.SemVerGreaterThan ? ParseEach(parsed, ParseSemVer) : [],
            Regexes = op == ClauseOperator.Matches ? ParseEach(parsed, CompileRegex) : [],
        };
        return clause;
    }

    private static ClauseOperator ParseOperator(string name) => name switch
    {
        "in" => ClauseOperator.In,
        "endsWith" => ClauseOperator.EndsWith,
        "startsWith" => ClauseOperator.StartsWith,
        "matches" => ClauseOperator.Matches,
        "contains" => ClauseOperator.Contains,
        "lessThan" => ClauseOperator.LessThan,
        "lessThanOrEqual" => ClauseOperator.LessThanOrEqual,
        "greaterThan" => ClauseOperator.GreaterThan,
        "greaterThanOrEqual" => ClauseOperator.GreaterThanOrEqual,
        "before" => ClauseOperator.Before,
        "after" => ClauseOperator.After,
        "semVerEqual" => ClauseOperator.SemVerEqual,
        "semVerLessThan" => ClauseOperator.SemVerLessThan,
        "semVerGreaterThan" => ClauseOperator.SemVerGreaterThan,
        "segmentMatch" => ClauseOperator.SegmentMatch,
        _ => ClauseOperator.Unknown,
    };

    private static HashSet<string>? BuildStringSet(AttributeValue[] values)
    {
        if (values.Length < StringSetThreshold)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value.IsString)
            {
                set.Add(value.Text!);
            }
        }

        return set;
    }

    private static T[] ParseEach<T>(AttributeValue[] values, Func<AttributeValue, T> parse)
    {
        var result = new T[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = parse(values[i]);
        }

        return result;
    }

    private static Int128? ParseTimestamp(AttributeValue value) => Timestamp.TryFromValue(value, out var nanos) ? nanos : null;

    private static LenientSemVer? ParseSemVer(AttributeValue value) =>
        value.IsString && LenientSemVer.TryParse(value.Text, out var version) ? version : null;

    private Regex? CompileRegex(AttributeValue value)
    {
        if (!value.IsString)
        {
            return null;
        }

        var pattern = value.Text!;
        if (!_regexCache.TryGetValue(pattern, out var regex))
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, regexMatchTimeout);
            }
            catch (ArgumentException)
            {
                // LaunchDarkly treats a pattern that does not compile as a clause that never matches.
                regex = null;
            }

            _regexCache[pattern] = regex;
        }

        return regex;
    }

    private bool ExpectObject(JsonElement json, string path)
    {
        if (json.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"must be an object, found {Describe(json)}");
        return false;
    }

    private static bool TryGet(JsonElement json, string name, out JsonElement value) =>
        json.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private string? String(JsonElement json, string name, string path)
    {
        if (!TryGet(json, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Error(path, $"must be a string, found {Describe(value)}");
        return null;
    }

    private bool Bool(JsonElement json, string name, string path)
    {
        if (!TryGet(json, name, out var value))
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(path, $"must be true or false, found {Describe(value)}");
        return false;
    }

    private int? Int(JsonElement json, string name, string path)
    {
        if (!TryGet(json, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && Math.Floor(number) == number
            && number >= int.MinValue && number <= int.MaxValue)
        {
            return (int)number;
        }

        Error(path, $"must be a whole number, found {Describe(value)}");
        return null;
    }

    private int RequiredInt(JsonElement json, string name, string path)
    {
        if (!TryGet(json, name, out _))
        {
            Error(path, "is required");
            return 0;
        }

        return Int(json, name, path) ?? 0;
    }

    private long? Long(JsonElement json, string name, string path)
    {
        if (!TryGet(json, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && Math.Floor(number) == number)
        {
            return (long)number;
        }

        Error(path, $"must be a whole number, found {Describe(value)}");
        return null;
    }

    private string[] StringArray(JsonElement json, string name, string path) =>
        Array(json, name, path, (element, itemPath) =>
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return element.GetString()!;
            }

            Error(itemPath, $"must be a string, found {Describe(element)}");
            return string.Empty;
        });

    private T[] ObjectArray<T>(JsonElement json, string name, string path, Func<JsonElement, string, T> parse)
        where T : class, new() =>
        Array(json, name, path, (element, itemPath) => ExpectObject(element, itemPath) ? parse(element, itemPath) : new T());

    private T[] Array<T>(JsonElement json, string name, string path, Func<JsonElement, string, T> parse)
    {
        if (!TryGet(json, name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be an array, found {Describe(value)}");
            return [];
        }

        var result = new T[value.GetArrayLength()];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            result[index] = parse(item, $"{path}[{index}]");
            index++;
        }

        return result;
    }

    private void Error(string path, string message) => _errors.Add($"{_owner}: {path} {message}");

    /// <summary>The key in quotes with anything unprintable escaped, safe in a message even when the key is not valid text.</summary>
    private static string Quote(string key)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in key)
        {
            if (c is '"' or '\\' || char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD'
                || (c > '~' && char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('"').ToString();
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {JsonSerializer.Serialize(value.GetString())}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
