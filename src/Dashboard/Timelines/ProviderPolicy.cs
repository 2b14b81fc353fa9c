namespace Dashboard.Timelines;

/// <summary>The answer of the policy API: whether this request's metadata falls under a plan and what to send.</summary>
/// <param name="ApiVersionStatus">How the sent version read under the environment's scheme: valid, missing or invalid.</param>
/// <param name="Refuse">True in brownout and sunset: the provider should answer 410 instead of the retired behaviour.</param>
/// <param name="ValidUntil">When the answer may change next (a plan date or brownout boundary); null when nothing is scheduled.</param>
public sealed record ProviderPolicy(
    string Environment,
    string Flag,
    PolicyState State,
    bool Affected,
    bool Refuse,
    string? ApiVersion,
    string ApiVersionStatus,
    string? ClientType,
    PolicyConsumer? Consumer,
    PolicyPlan? Plan,
    PolicyBrownout? Brownout,
    PolicyBrownout? NextBrownout,
    PolicyHeaderValues Headers,
    DateTime? ValidUntil);
