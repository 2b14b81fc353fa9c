namespace Dashboard.Timelines;

/// <summary>The query of <c>GET /api/v1/policy</c>; the environment has been resolved and checked by then.</summary>
public sealed record PolicyRequest(int EnvironmentId, string FlagKey, string? ApiVersion, string? ClientType, string? ConsumerKey);
