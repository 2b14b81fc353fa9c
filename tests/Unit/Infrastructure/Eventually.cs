namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// The one wait helper of the unit tests: polls a condition until it holds or a generous deadline passes, and then fails
/// naming what was awaited. For work a test cannot await directly (background writers, retries, other processes);
/// components under bUnit use its <c>WaitForAssertion</c>/<c>WaitForElement</c> instead.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough for a loaded 2-core CI machine; a passing test returns as soon as the condition holds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="what"/> names it in the failure.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), () => what, timeout);

    /// <summary>As above, with a description read when the wait fails (so it can show the last observed value).</summary>
    public static Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:F0} s for {what()}, in vain.");
            }

            await Task.Delay(Interval);
        }
    }
}
