using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Security;

/// <summary>Creates API key secrets and derives what is stored about them (prefix and SHA-256 hash, never the secret).</summary>
public static class ApiKeySecrets
{
    private const string SecretPrefix = "sdl_";
    private const int PrefixLength = 12;

    /// <summary>A new random secret such as <c>sdl_3k9x…</c>, 32 random bytes in URL-safe base 64.</summary>
    public static string Create() =>
        SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the secret: what the database stores and lookups compare.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The part of the secret that may be shown in lists and logs.</summary>
    public static string DisplayPrefix(string secret) => secret.Length <= PrefixLength ? secret : secret[..PrefixLength];
}
