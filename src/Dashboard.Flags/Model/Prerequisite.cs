namespace Dashboard.Flags.Model;

/// <summary>Another flag that must be on and evaluate to <see cref="Variation"/> for this flag to proceed.</summary>
public sealed class Prerequisite
{
    public string Key { get; internal init; } = string.Empty;

    public int Variation { get; internal init; }
}
