namespace Dashboard.Tests.E2E.Infrastructure;

/// <summary>
/// The one wait helper of the E2E tests: polls until a condition holds or a generous deadline passes. For what the app
/// does in the background (folding ingest, sending mail, a provider's recorder); pages use Playwright's own waits.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough for a loaded 2-core CI machine; a passing test returns as soon as the condition holds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds, or fails naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <inheritdoc cref="UntilAsync(Func{bool}, string, TimeSpan?)"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:F0} s for {what}.");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds or the deadline passes, and returns the last value for the test to assert
    /// on (so a failure shows what was there instead of only that the wait ran out).
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Interval);
            value = await read();
        }

        return value;
    }
}
