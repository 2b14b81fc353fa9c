namespace Dashboard.Flags.Contexts;

/// <summary>
/// A parsed LaunchDarkly attribute reference. With a context kind, clause attributes are paths
/// (<c>/address/city</c>, <c>~1</c> = <c>/</c>, <c>~0</c> = <c>~</c>); without one they are literal
/// attribute names, because that is how pre-context flag data was written.
/// </summary>
public sealed class AttributeReference
{
    private static readonly string[] NoComponents = [];

    private AttributeReference(string raw, string[] components, string? error)
    {
        Raw = raw;
        Components = components;
        Error = error;
    }

    /// <summary>The attribute string as it appeared in the flag data.</summary>
    public string Raw { get; }

    /// <summary>The unescaped path components; empty when the reference is invalid.</summary>
    public IReadOnlyList<string> Components { get; }

    /// <summary>Why the reference is invalid, or null when it is valid.</summary>
    public string? Error { get; }

    public bool IsValid => Error is null;

    internal string[] ComponentArray => (string[])Components;

    /// <summary>True when this is the plain <c>kind</c> attribute, which matches any kind of a multi-kind context.</summary>
    public bool IsKindAttribute => string.Equals(Raw, "kind", StringComparison.Ordinal);

    /// <summary>Parses <paramref name="reference"/> as a path (leading slash) or a single attribute name.</summary>
    public static AttributeReference FromPath(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length == 0 || reference == "/")
        {
            return new AttributeReference(reference, NoComponents, "attribute reference is empty");
        }

        if (reference[0] != '/')
        {
            return new AttributeReference(reference, [reference], null);
        }

        var parts = reference[1..].Split('/');
        var components = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                return new AttributeReference(reference, NoComponents, "attribute reference has an empty path component (extra slash)");
            }

            var unescaped = Unescape(parts[i]);
            if (unescaped is null)
            {
                return new AttributeReference(reference, NoComponents, "attribute reference has an invalid escape sequence ('~' must be followed by 0 or 1)");
            }

            components[i] = unescaped;
        }

        return new AttributeReference(reference, components, null);
    }

    /// <summary>Treats <paramref name="name"/> as one attribute name, even when it contains slashes.</summary>
    public static AttributeReference FromLiteral(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length == 0
            ? new AttributeReference(name, NoComponents, "attribute name is empty")
            : new AttributeReference(name, [name], null);
    }

    /// <summary>LaunchDarkly's rule: a path when a context kind is given, a literal name otherwise.</summary>
    public static AttributeReference FromClause(string attribute, string? contextKind) =>
        string.IsNullOrEmpty(contextKind) ? FromLiteral(attribute) : FromPath(attribute);

    public override string ToString() => Raw;

    private static string? Unescape(string component)
    {
        if (!component.Contains('~', StringComparison.Ordinal))
        {
            return component;
        }

        var builder = new System.Text.StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var ch = component[i];
            if (ch != '~')
            {
                builder.Append(ch);
                continue;
            }

            i++;
            if (i >= component.Length)
            {
                return null;
            }

            switch (component[i])
            {
                case '0':
                    builder.Append('~');
                    break;
                case '1':
                    builder.Append('/');
                    break;
                default:
                    return null;
            }
        }

        return builder.ToString();
    }
}
