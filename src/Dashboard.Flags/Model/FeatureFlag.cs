using System.Text.Json;

namespace Dashboard.Flags.Model;

/// <summary>A LaunchDarkly feature flag in the SDK data format, with operands pre-parsed for evaluation.</summary>
public sealed class FeatureFlag
{
    public string Key { get; internal init; } = string.Empty;

    public int Version { get; internal init; }

    public bool On { get; internal init; }

    public IReadOnlyList<Prerequisite> Prerequisites { get; internal init; } = [];

    public IReadOnlyList<Target> Targets { get; internal init; } = [];

    public IReadOnlyList<Target> ContextTargets { get; internal init; } = [];

    public IReadOnlyList<FlagRule> Rules { get; internal init; } = [];

    public VariationOrRollout Fallthrough { get; internal init; } = VariationOrRollout.None;

    public int? OffVariation { get; internal init; }

    public IReadOnlyList<JsonElement> Variations { get; internal init; } = [];

    public string Salt { get; internal init; } = string.Empty;

    public bool TrackEvents { get; internal init; }

    public bool TrackEventsFallthrough { get; internal init; }

    public bool ClientSide { get; internal init; }

    public long? DebugEventsUntilDate { get; internal init; }

    public bool Deleted { get; internal init; }

    internal FlagRule[] RuleArray => (FlagRule[])Rules;

    internal Target[] TargetArray => (Target[])Targets;

    internal Target[] ContextTargetArray => (Target[])ContextTargets;

    internal Prerequisite[] PrerequisiteArray => (Prerequisite[])Prerequisites;

    internal JsonElement[] VariationArray => (JsonElement[])Variations;
}
