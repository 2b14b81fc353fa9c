using System.Globalization;

namespace Dashboard.Api;

/// <summary>The one way a response tells a caller when to come back: whole seconds, rounded up, at least one.</summary>
public static class RetryAfter
{
    /// <summary>The seconds <paramref name="wait"/> is announced as: rounded up, at least one.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>Sets the Retry-After header for <paramref name="wait"/> and returns the seconds it says, for the message.</summary>
    public static int Set(HttpResponse response, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(response);
        var seconds = Seconds(wait);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
