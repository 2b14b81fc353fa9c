using Dashboard.Timelines;
using System.Globalization;
using Dashboard.Analytics;
using Dashboard.Environments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages.Overview;

public sealed partial class Overview
{
    internal const int ChartDays = 30;
    internal const int TopLaggards = 5;

    private OverviewSummary? summary;
    private PlanOverview plans = new(0, null);
    private IReadOnlyList<LaggardRow> laggards = [];
    private IDisposable? refresh;
    private IReadOnlyList<FlagChoice> flags = [];
    private int selectedFlagId;
    private AdoptionChartData? chart;
    private List<ChartSeries<double>> chartSeries = [];
    private string[] chartLabels = [];
    private string? subtitle;
    private string? loadError;

    [Inject]
    public required OverviewQueries Queries { get; init; }

    [Inject]
    public required PlanQueries Plans { get; init; }

    [Inject]
    public required LegacyUsage LegacyUsage { get; init; }

    [Inject]
    public required EnvironmentSelection EnvironmentSelection { get; init; }

    [Inject]
    public required ViewerClock Clock { get; init; }

    [Inject]
    public required LiveRefresh Live { get; init; }

    protected override void OnInitialized() => EnvironmentSelection.Changed += OnEnvironmentChanged;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await Clock.ResolveAsync();
            await LoadAsync();
            StateHasChanged();
            refresh = Live.Subscribe(_ => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    private string PreviousPeriod => $"{LegacyUsage.RecentDays} days";

    private async Task LoadAsync()
    {
        var environment = await EnvironmentSelection.GetCurrentAsync();
        if (environment is null)
        {
            subtitle = "No environment exists yet.";
            summary = new OverviewSummary(new OverviewKpis(0, 0, 0, 0, 0), new OverviewKpis(0, 0, 0, 0, 0), LegacyUsage.Recent());
            chart = new AdoptionChartData([], []);
            return;
        }

        subtitle = $"{environment.Name} · {LegacyUsage.Recent().Caption}";
        try
        {
            summary = await Queries.GetSummaryAsync(environment.Id);
            plans = await Plans.GetOverviewAsync(environment.Id);
            laggards = await Queries.GetTopLaggardsAsync(environment.Id, TopLaggards);
            flags = await Queries.GetFlagsAsync(environment.Id);
            if (!flags.Any(f => f.Id == selectedFlagId))
            {
                selectedFlagId = flags.Count > 0 ? flags[0].Id : 0;
            }

            await LoadChartAsync();
            loadError = null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            loadError = $"The overview could not be loaded: {exception.Message}. Reload the page; if it persists, check /health.";
        }
    }

    private async Task SelectFlagAsync(int flagId)
    {
        selectedFlagId = flagId;
        chart = null;
        await LoadChartAsync();
    }

    private async Task LoadChartAsync()
    {
        if (selectedFlagId == 0)
        {
            chart = new AdoptionChartData([], []);
            return;
        }

        chart = await Queries.GetAdoptionByApiVersionAsync(selectedFlagId, ChartDays, Clock.TimeZone);
        // Every fifth day, counted back from today, keeps the axis readable.
        chartLabels = chart.Days.Select((day, i) => (chart.Days.Count - 1 - i) % 5 == 0 ? day.ToString("MMM d", CultureInfo.CurrentCulture) : "").ToArray();
        chartSeries = chart.Series.Select(s => new ChartSeries<double> { Name = s.Label, Data = s.Counts.Select(c => (double)c).ToArray() }).ToList();
    }

    private static string Percent(double? share) => share is null ? "–" : share.Value.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>Change of a share in percentage points; positive means the number on the card went up.</summary>
    internal string? ShareTrend(double? change) => change switch
    {
        null => null,
        var c when Math.Abs(c.Value) < 0.0005 => $"No change vs previous {PreviousPeriod}",
        var c => string.Create(CultureInfo.CurrentCulture, $"{(c > 0 ? "▲" : "▼")} {Math.Abs(c.Value) * 100:0.0} pts vs previous {PreviousPeriod}"),
    };

    internal string CountTrend(int current, int previous) => (current - previous) switch
    {
        0 => $"No change vs previous {PreviousPeriod}",
        var d => string.Create(CultureInfo.CurrentCulture, $"{(d > 0 ? "▲" : "▼")} {Math.Abs(d):N0} vs previous {PreviousPeriod}"),
    };

    private void OnEnvironmentChanged() => _ = InvokeAsync(async () =>
    {
        summary = null;
        chart = null;
        StateHasChanged();
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose()
    {
        EnvironmentSelection.Changed -= OnEnvironmentChanged;
        refresh?.Dispose();
    }

    private string NextSunsetValue => plans.NextSunset is { } next
        ? DaysLeft(next.SunsetAt) switch { 0 => "today", 1 => "in 1 day", var days => $"in {days} days" }
        : "none";

    private string NextSunsetHint => plans.NextSunset is { } next
        ? $"{next.Title} ({next.FlagKey}) on {Clock.ToLocal(next.SunsetAt):yyyy-MM-dd HH:mm} {Clock.ZoneLabel}."
        : "No sunset is scheduled.";

    private int DaysLeft(DateTime sunsetUtc) => Math.Max(0, (int)Math.Ceiling((Clock.ToLocal(sunsetUtc) - Clock.Now).TotalDays));
}
