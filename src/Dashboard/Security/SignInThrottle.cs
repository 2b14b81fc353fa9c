using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace Dashboard.Security;

/// <summary>
/// Limits sign-in attempts per client address and per email, instead of locking accounts: a stranger who guesses
/// passwords is slowed down at their own address and cannot lock the real user out. The per-email limit is far higher,
/// so only many addresses together reach it; it caps how fast a distributed guesser can try one account.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int AttemptsPerAddress = 10;
    public const int AttemptsPerEmail = 100;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan EmailWindow = TimeSpan.FromHours(1);

    // The address limit first: an attempt it refuses does not count against the account's email.
    private readonly PartitionedRateLimiter<SignInAttempt> limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<SignInAttempt, string>(a => SlidingWindow("address:" + a.AddressKey, AttemptsPerAddress, AddressWindow)),
        PartitionedRateLimiter.Create<SignInAttempt, string>(a => SlidingWindow("email:" + a.EmailKey, AttemptsPerEmail, EmailWindow)));

    /// <summary>Counts one attempt; returns how long to wait when the address or the email is over its limit, otherwise null.</summary>
    public TimeSpan? TryAttempt(HttpContext context, string email)
    {
        using var lease = limiter.AttemptAcquire(new SignInAttempt(AddressPartitionKey(context), email.Trim().ToUpperInvariant()));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : AddressWindow;
    }

    /// <summary>
    /// The client's address as the connection (or a configured proxy, see <c>ForwardedHeaders:KnownProxies</c>) reports it;
    /// an IPv6 client counts by its /64, which one subscriber usually holds whole.
    /// </summary>
    public static string AddressPartitionKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPNetwork(address, 64).BaseAddress + "/64" : address.ToString();
    }

    public void Dispose() => limiter.Dispose();

    private static RateLimitPartition<string> SlidingWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private sealed record SignInAttempt(string AddressKey, string EmailKey);
}
