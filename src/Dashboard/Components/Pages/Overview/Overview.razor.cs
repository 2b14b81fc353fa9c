using System.Globalization;
using Dashboard.Analytics;
using Dashboard.Environments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages.Overview;

public sealed partial class Overview
{
    internal const int ChartDays = 30;

    private OverviewKpis? kpis;
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
    public required EnvironmentSelection EnvironmentSelection { get; init; }

    [Inject]
    public required ViewerClock Clock { get; init; }

    protected override void OnInitialized() => EnvironmentSelection.Changed += OnEnvironmentChanged;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await Clock.ResolveAsync();
            await LoadAsync();
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        var environment = await EnvironmentSelection.GetCurrentAsync();
        if (environment is null)
        {
            subtitle = "No environment exists yet.";
            kpis = new OverviewKpis(0, 0, 0, 0, 0);
            chart = new AdoptionChartData([], []);
            return;
        }

        subtitle = $"{environment.Name} · last {OverviewKpis.WindowDays} days";
        try
        {
            kpis = await Queries.GetKpisAsync(environment.Id);
            flags = await Queries.GetFlagsAsync(environment.Id);
            selectedFlagId = flags.Count > 0 ? flags[0].Id : 0;
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

    private void OnEnvironmentChanged() => _ = InvokeAsync(async () =>
    {
        kpis = null;
        chart = null;
        StateHasChanged();
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose() => EnvironmentSelection.Changed -= OnEnvironmentChanged;
}
