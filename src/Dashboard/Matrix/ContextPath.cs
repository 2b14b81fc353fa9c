using Dashboard.Flags.Model;

namespace Dashboard.Matrix;

/// <summary>A context attribute as the consumer mapping names it: <c>request.apiVersion</c> → kind <c>request</c>, attribute <c>apiVersion</c>.</summary>
public sealed record ContextPath(string Kind, string Attribute)
{
    /// <summary>Reads <c>kind.attribute</c>; a name without a dot belongs to the default kind <c>user</c>.</summary>
    public static ContextPath Parse(string mapped)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        var dot = mapped.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 ? new ContextPath("user", mapped) : new ContextPath(mapped[..dot], mapped[(dot + 1)..]);
    }

    /// <summary>The attribute a clause tests, or null for clauses on <c>kind</c>, nested paths, or segment matches.</summary>
    public static ContextPath? Of(Clause clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (clause.Operator == ClauseOperator.SegmentMatch || clause.Attribute is not { IsValid: true, Components.Count: 1 } reference || reference.IsKindAttribute)
        {
            return null;
        }

        return new ContextPath(clause.ContextKind ?? "user", reference.Components[0]);
    }

    public override string ToString() => $"{Kind}.{Attribute}";
}
