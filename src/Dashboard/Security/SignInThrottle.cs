using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Dashboard.Security;

/// <summary>
/// Limits sign-in attempts instead of locking accounts: every attempt counts against the client's address, and only
/// failed attempts count against the email. Once an email is over its failure limit, only the addresses that have
/// themselves failed for it are refused, so a distributed guesser cannot lock the real user out of a clean address.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int AttemptsPerAddress = 10;
    public const int FailuresPerEmail = 100;

    /// <summary>Failures one address may have for an email before it is refused while the email is over its limit.</summary>
    public const int FailuresPerAddressAndEmail = 3;

    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan EmailWindow = TimeSpan.FromHours(1);
    private const int SegmentsPerWindow = 5;

    private readonly PartitionedRateLimiter<string> attemptsPerAddress =
        PartitionedRateLimiter.Create<string, string>(address => SlidingWindow(address, AttemptsPerAddress, AddressWindow));

    private readonly PartitionedRateLimiter<string> failuresPerEmail =
        PartitionedRateLimiter.Create<string, string>(emailHash => SlidingWindow(emailHash, FailuresPerEmail, EmailWindow));

    private readonly PartitionedRateLimiter<string> failuresPerAddressAndEmail =
        PartitionedRateLimiter.Create<string, string>(key => SlidingWindow(key, FailuresPerAddressAndEmail, EmailWindow));

    /// <summary>Counts one attempt; returns how long to wait when it is refused, otherwise null.</summary>
    public TimeSpan? TryAttempt(HttpContext context, string email)
    {
        var address = AddressPartitionKey(context);
        var emailHash = EmailPartitionKey(email);
        // Read-only checks: an address that keeps failing for an email that is over its limit waits for the email's window.
        if (IsExhausted(failuresPerEmail, emailHash) && IsExhausted(failuresPerAddressAndEmail, address + " " + emailHash))
        {
            return EmailWindow / SegmentsPerWindow;
        }

        using var lease = attemptsPerAddress.AttemptAcquire(address);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : AddressWindow;
    }

    /// <summary>Counts a failed attempt (wrong password, unknown or disabled account) against the email and this address's failures for it.</summary>
    public void RecordFailure(HttpContext context, string email)
    {
        var emailHash = EmailPartitionKey(email);
        using var emailLease = failuresPerEmail.AttemptAcquire(emailHash);
        using var pairLease = failuresPerAddressAndEmail.AttemptAcquire(AddressPartitionKey(context) + " " + emailHash);
    }

    /// <summary>The client's address (see <see cref="TrustedProxies.ClientAddress"/>); an IPv6 client counts by its /64, which one subscriber usually holds whole.</summary>
    public static string AddressPartitionKey(HttpContext context)
    {
        var address = TrustedProxies.ClientAddress(context);
        if (address is null)
        {
            return "unknown";
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? new System.Net.IPNetwork(address, 64).BaseAddress + "/64" : address.ToString();
    }

    public void Dispose()
    {
        attemptsPerAddress.Dispose();
        failuresPerEmail.Dispose();
        failuresPerAddressAndEmail.Dispose();
    }

    /// <summary>A fixed-size key whatever the email's length, so partitions cannot be made large.</summary>
    private static string EmailPartitionKey(string email) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));

    private static bool IsExhausted(PartitionedRateLimiter<string> limiter, string key) =>
        limiter.GetStatistics(key) is { CurrentAvailablePermits: <= 0 };

    private static RateLimitPartition<string> SlidingWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
