using Microsoft.JSInterop;

namespace Dashboard.Environments;

/// <summary>The viewer's time zone, read once per circuit from the browser, so times and day buckets are the viewer's own.</summary>
public sealed class ViewerClock(IJSRuntime js, TimeProvider timeProvider)
{
    public TimeZoneInfo TimeZone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsResolved { get; private set; }

    /// <summary>Asks the browser for its IANA time zone; call from <c>OnAfterRenderAsync</c>. Falls back to UTC when unknown.</summary>
    public async Task ResolveAsync()
    {
        if (IsResolved)
        {
            return;
        }

        var id = await js.InvokeAsync<string?>("sundial.timeZone");
        if (!string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            TimeZone = zone;
        }

        IsResolved = true;
    }

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), TimeZone);

    public DateTimeOffset ToLocal(DateTime utc) => TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), TimeZone);

    /// <summary>A short label for the zone, shown next to times so nobody has to guess.</summary>
    public string ZoneLabel => TimeZone.Id == "UTC" || TimeZone.Id == "Etc/UTC" ? "UTC" : TimeZone.Id;
}
