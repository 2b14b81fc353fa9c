using Dashboard.Data.Entities;

namespace Dashboard.Security;

/// <summary>What a request authenticated with an API key may do, as looked up by the key's hash.</summary>
public sealed record ApiKeyIdentity(int Id, string Prefix, ApiKeyScopes Scopes, bool IsRevoked, int EnvironmentId, string EnvironmentKey);
