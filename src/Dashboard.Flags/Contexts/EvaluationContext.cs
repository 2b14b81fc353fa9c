using System.Text.Json;

namespace Dashboard.Flags.Contexts;

/// <summary>
/// A LaunchDarkly evaluation context: one kind (<c>user</c>, <c>org</c>, ...) with a key and attributes,
/// or a multi-kind context holding several of those. An invalid context is still a value (with
/// <see cref="Error"/> set) because LaunchDarkly reports it as <c>USER_NOT_SPECIFIED</c> instead of throwing.
/// </summary>
public sealed class EvaluationContext
{
    internal const string DefaultKind = "user";
    internal const string MultiKind = "multi";

    private static readonly Dictionary<string, AttributeValue> NoAttributes = new(StringComparer.Ordinal);

    private readonly EvaluationContext[] _individuals;
    private readonly Dictionary<string, AttributeValue> _attributes;

    private EvaluationContext(
        string kind,
        string key,
        string? name,
        bool anonymous,
        Dictionary<string, AttributeValue> attributes,
        EvaluationContext[]? individuals,
        string? error)
    {
        Kind = kind;
        Key = key;
        Name = name;
        Anonymous = anonymous;
        _attributes = attributes;
        _individuals = individuals ?? [this];
        Error = error;
        KindValue = AttributeValue.FromString(kind);
        KeyValue = AttributeValue.FromString(key);
        NameValue = name is null ? null : AttributeValue.FromString(name);
    }

    /// <summary>The context kind, or <c>multi</c> for a multi-kind context.</summary>
    public string Kind { get; }

    /// <summary>The key; empty for a multi-kind context.</summary>
    public string Key { get; }

    public string? Name { get; }

    public bool Anonymous { get; }

    /// <summary>Why LaunchDarkly would reject this context, or null when it is valid.</summary>
    public string? Error { get; }

    public bool IsValid => Error is null;

    public bool IsMultiKind => string.Equals(Kind, MultiKind, StringComparison.Ordinal) && _individuals.Length > 1;

    /// <summary>The single-kind contexts, sorted by kind; a single-kind context lists itself.</summary>
    public IReadOnlyList<EvaluationContext> Individuals => _individuals;

    /// <summary>Names of the custom attributes (not kind, key, name or anonymous).</summary>
    public IEnumerable<string> AttributeNames => _attributes.Keys;

    internal AttributeValue KindValue { get; }

    internal AttributeValue KeyValue { get; }

    internal AttributeValue? NameValue { get; }

    internal EvaluationContext[] IndividualArray => _individuals;

    /// <summary>Builds a single-kind context; attribute values are JSON (null values are dropped, as LaunchDarkly does).</summary>
    public static EvaluationContext Create(string kind, string key, IReadOnlyDictionary<string, JsonElement>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(key);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        string? name = null;
        var anonymous = false;
        string? error = null;
        if (attributes is not null)
        {
            foreach (var (attributeName, element) in attributes)
            {
                error ??= EvaluationContextParser.SetAttribute(values, attributeName, element, ref name, ref anonymous);
            }
        }

        return CreateSingle(kind, key, name, anonymous, values, allowEmptyKey: false, error);
    }

    /// <summary>Combines single-kind contexts; one context collapses to itself, as in LaunchDarkly.</summary>
    public static EvaluationContext CreateMulti(IEnumerable<EvaluationContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var list = new List<EvaluationContext>();
        foreach (var context in contexts)
        {
            if (context.IsMultiKind)
            {
                list.AddRange(context.IndividualArray);
            }
            else
            {
                list.Add(context);
            }
        }

        if (list.Count == 0)
        {
            return Invalid(MultiKind, "a multi-kind context must contain at least one kind");
        }

        if (list.Count == 1)
        {
            return list[0];
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Kind, b.Kind));
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].IsValid)
            {
                return Invalid(MultiKind, $"context of kind \"{list[i].Kind}\" is invalid: {list[i].Error}");
            }

            if (i > 0 && string.Equals(list[i - 1].Kind, list[i].Kind, StringComparison.Ordinal))
            {
                return Invalid(MultiKind, $"a multi-kind context has kind \"{list[i].Kind}\" more than once");
            }
        }

        return new EvaluationContext(MultiKind, string.Empty, null, false, NoAttributes, [.. list], null);
    }

    /// <summary>Parses new-style context JSON (with <c>kind</c>) or old-style user JSON (without it). Never throws for bad input.</summary>
    public static EvaluationContext FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJson(document.RootElement);
        }
        catch (JsonException exception)
        {
            return Invalid(DefaultKind, $"context is not valid JSON: {exception.Message}");
        }
    }

    /// <inheritdoc cref="FromJson(string)"/>
    public static EvaluationContext FromJson(JsonElement json) => EvaluationContextParser.Parse(json);

    /// <summary>Reads an attribute the way a clause would (path reference), or null when it is absent.</summary>
    public JsonElement? GetAttribute(string reference)
    {
        var value = GetValue(AttributeReference.FromPath(reference));
        return value?.ToJsonElement();
    }

    internal static EvaluationContext Invalid(string kind, string error) =>
        new(kind, string.Empty, null, false, NoAttributes, null, error);

    internal static EvaluationContext CreateSingle(
        string kind,
        string key,
        string? name,
        bool anonymous,
        Dictionary<string, AttributeValue> attributes,
        bool allowEmptyKey,
        string? error)
    {
        error ??= ValidateKind(kind);
        if (error is null && key.Length == 0 && !allowEmptyKey)
        {
            error = "context key must not be empty";
        }

        return new EvaluationContext(kind, key, name, anonymous, attributes, null, error);
    }

    /// <summary>Finds the individual context of a kind (default <c>user</c>), or null.</summary>
    internal EvaluationContext? IndividualByKind(string? kind)
    {
        if (string.IsNullOrEmpty(kind))
        {
            kind = DefaultKind;
        }

        foreach (var individual in _individuals)
        {
            if (string.Equals(individual.Kind, kind, StringComparison.Ordinal))
            {
                return individual;
            }
        }

        return null;
    }

    /// <summary>Resolves an attribute reference against a single-kind context; null means "absent".</summary>
    internal AttributeValue? GetValue(AttributeReference reference)
    {
        if (!reference.IsValid)
        {
            return null;
        }

        var components = reference.ComponentArray;
        if (IsMultiKind)
        {
            return components.Length == 1 && components[0] == "kind" ? KindValue : null;
        }

        var value = GetTopLevel(components[0]);
        for (var i = 1; i < components.Length && value is not null; i++)
        {
            value = value.Properties is { } properties && properties.TryGetValue(components[i], out var child) ? child : null;
        }

        return value is null || value.IsNull ? null : value;
    }

    private AttributeValue? GetTopLevel(string name) => name switch
    {
        "kind" => KindValue,
        "key" => KeyValue,
        "name" => NameValue,
        "anonymous" => AttributeValue.FromBool(Anonymous),
        _ => _attributes.TryGetValue(name, out var value) ? value : null,
    };

    private static string? ValidateKind(string kind)
    {
        if (kind.Length == 0)
        {
            return "context kind must not be empty";
        }

        if (kind == "kind")
        {
            return "context kind must not be \"kind\"";
        }

        if (kind == MultiKind)
        {
            return "context kind \"multi\" is only allowed for multi-kind contexts";
        }

        foreach (var ch in kind)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '.' && ch != '_' && ch != '-')
            {
                return $"context kind \"{kind}\" contains a character other than letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }
}
