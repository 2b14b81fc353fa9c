namespace Dashboard.Security;

/// <summary>Claim types carried by a principal authenticated with an API key.</summary>
public static class ApiKeyClaims
{
    public const string KeyId = "sundial:key-id";
    public const string EnvironmentId = "sundial:environment-id";
    public const string EnvironmentKey = "sundial:environment-key";
    public const string Scope = "sundial:scope";
}
