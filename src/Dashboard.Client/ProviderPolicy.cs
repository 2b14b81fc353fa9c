namespace Dashboard.Client;

/// <summary>The part of Sundial's policy answer a provider acts on.</summary>
/// <param name="State">none, announced, deprecated, brownout or sunset.</param>
public sealed record ProviderPolicy(string State, bool Affected, bool Refuse, PolicyHeaders Headers, PolicyPlanInfo? Plan)
{
    public static ProviderPolicy None { get; } = new("none", false, false, new PolicyHeaders(null, null, []), null);
}
