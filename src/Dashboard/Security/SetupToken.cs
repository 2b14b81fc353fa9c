using System.Security.Cryptography;

namespace Dashboard.Security;

/// <summary>
/// The one-time token that allows creating the first admin from a non-loopback address. Generated per process and
/// written to the log at start while no user exists.
/// </summary>
public sealed class SetupToken
{
    public string Value { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(candidate), System.Text.Encoding.UTF8.GetBytes(Value));
}
