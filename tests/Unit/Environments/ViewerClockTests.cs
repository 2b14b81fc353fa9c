using Dashboard.Environments;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;

namespace Dashboard.Tests.Unit.Environments;

public sealed class ViewerClockTests
{
    private static readonly DateTime NoonUtc = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private static ViewerClock Clock() => new(new UnusedJsRuntime(), new FakeTimeProvider(new DateTimeOffset(NoonUtc)));

    [Fact]
    public void Format_InTheViewersZone_WritesTheOneFormatWithoutZone()
    {
        var clock = Clock();

        Assert.True(clock.Use("Europe/Berlin"));

        Assert.Equal("2026-03-10 13:00", clock.Format(NoonUtc));
        Assert.Equal("2026-03-10 13:00 Europe/Berlin", clock.FormatWithZone(NoonUtc));
        Assert.Equal("2026-03-11", clock.FormatDate(NoonUtc.AddHours(11)));
        Assert.Equal("never", clock.Format(null, "never"));
        Assert.Equal("Times in Europe/Berlin", clock.ZoneNote);
    }

    [Fact]
    public void Use_UnknownZone_KeepsUtcAndLeavesTheBrowserToAsk()
    {
        var clock = Clock();

        Assert.False(clock.Use("Mars/Olympus_Mons"));

        Assert.False(clock.IsResolved);
        Assert.Equal("2026-03-10 12:00", clock.Format(NoonUtc));
        Assert.Equal("Times in UTC", clock.ZoneNote);
    }

    /// <summary>The zone here comes from the cookie, so the browser is never asked.</summary>
    private sealed class UnusedJsRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => throw new InvalidOperationException("Not expected.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => throw new InvalidOperationException("Not expected.");
    }
}
