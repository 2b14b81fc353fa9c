using System.Globalization;
using Microsoft.JSInterop;

namespace Dashboard.Environments;

/// <summary>
/// The viewer's time zone and the one way the app writes times. The zone is set once per circuit by <c>Routes</c>: from the
/// <see cref="CookieName"/> cookie the browser script keeps (so prerendering already has it), else asked from the browser once.
/// </summary>
public sealed class ViewerClock(IJSRuntime js, TimeProvider timeProvider)
{
    /// <summary>Set by <c>sundial.js</c> on every page load, read by <c>App</c> for the request that starts the circuit.</summary>
    public const string CookieName = "sundial-tz";

    private const string DateTimeFormat = "yyyy-MM-dd HH:mm";
    private const string DateFormat = "yyyy-MM-dd";

    public TimeZoneInfo TimeZone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsResolved { get; private set; }

    /// <summary>Uses the IANA zone <paramref name="zoneId"/> when it is known; returns whether it was.</summary>
    public bool Use(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            return false;
        }

        TimeZone = zone;
        IsResolved = true;
        return true;
    }

    /// <summary>Asks the browser for its zone when the cookie did not name one; call from <c>OnAfterRenderAsync</c>. Falls back to UTC.</summary>
    public async Task ResolveAsync()
    {
        if (IsResolved)
        {
            return;
        }

        Use(await js.InvokeAsync<string?>("sundial.timeZone"));
        IsResolved = true;
    }

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), TimeZone);

    public DateTimeOffset ToLocal(DateTime utc) => TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), TimeZone);

    /// <summary>A short label for the zone, shown once per page ("Times in …") so nobody has to guess.</summary>
    public string ZoneLabel => TimeZone.Id is "UTC" or "Etc/UTC" ? "UTC" : TimeZone.Id;

    /// <summary>"Times in Europe/Berlin": the page-level note that lets every time on the page go without a zone.</summary>
    public string ZoneNote => $"Times in {ZoneLabel}";

    /// <summary>The app's one date-and-time format, in the viewer's zone: <c>2026-03-10 13:00</c>.</summary>
    public string Format(DateTime utc) => ToLocal(utc).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset at) => Format(at.UtcDateTime);

    /// <summary>As <see cref="Format(DateTime)"/>, or <paramref name="none"/> when there is no time.</summary>
    public string Format(DateTime? utc, string none) => utc is { } value ? Format(value) : none;

    /// <summary>The viewer's calendar day of <paramref name="utc"/>: <c>2026-03-10</c>.</summary>
    public string FormatDate(DateTime utc) => ToLocal(utc).ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>For text that stands alone (confirmations, snackbars, messages): the time with its zone.</summary>
    public string FormatWithZone(DateTime utc) => $"{Format(utc)} {ZoneLabel}";
}
