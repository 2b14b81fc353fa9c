namespace Dashboard.Client;

/// <summary>The policies that applied to the current request, for endpoints that decide themselves what to serve.</summary>
public sealed record SundialPolicyFeature(IReadOnlyDictionary<string, ProviderPolicy> Policies)
{
    /// <summary>True when Sundial says the retired behaviour of <paramref name="flag"/> must be refused now (brownout or sunset).</summary>
    public bool MustRefuse(string flag) => Policies.TryGetValue(flag, out var policy) && policy.Refuse;
}
