namespace Dashboard.Flags.Model;

/// <summary>Individual targeting: contexts of <see cref="ContextKind"/> whose key is listed get <see cref="Variation"/>.</summary>
public sealed class Target
{
    /// <summary>Null for entries of the old <c>targets</c> list, which always mean <c>user</c>.</summary>
    public string? ContextKind { get; internal init; }

    public IReadOnlyList<string> Values { get; internal init; } = [];

    public int Variation { get; internal init; }

    internal HashSet<string> ValueSet { get; init; } = [];
}
