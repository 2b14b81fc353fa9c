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
    private AdoptionBreakdown? chart;
    private IReadOnlyList<AdoptionMilestone> milestones = [];
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

    [Inject]
    public required AdoptionQueries Adoption { get; init; }

    [Inject]
    public required TimeProvider TimeProvider { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>The charted flag's key, in the URL so a copied link charts the same flag; an unknown key charts the busiest flag.</summary>
    [SupplyParameterFromQuery(Name = "flag")]
    public string? FlagQuery { get; set; }

    private string SelectedFlagKey => flags.FirstOrDefault(f => f.Id == selectedFlagId)?.Key ?? "flag";


    private IDisposable? environmentChanged;

    protected override void OnInitialized() => environmentChanged = EnvironmentSelection.OnChanged(OnEnvironmentChanged);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
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
            chart = Empty;
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
                selectedFlagId = (flags.FirstOrDefault(f => f.Key == FlagQuery) ?? (flags.Count > 0 ? flags[0] : null))?.Id ?? 0;
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
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("flag", SelectedFlagKey), replace: true);
        await LoadChartAsync();
    }

    private static AdoptionBreakdown Empty => new([], [], [], []);

    /// <summary>The selected flag by API version over the last <see cref="ChartDays"/> local days, as the flag page charts it.</summary>
    private async Task LoadChartAsync()
    {
        if (selectedFlagId == 0)
        {
            chart = Empty;
            milestones = [];
            return;
        }

        var (from, to) = AdoptionRanges.Last(ChartDays * 24, TimeProvider.GetUtcNow(), Clock.TimeZone, AdoptionGrain.Day);
        chart = await Adoption.ForFlagAsync(selectedFlagId, new AdoptionRequest(from, to, AdoptionGrain.Day, AdoptionGroupBy.ApiVersion), Clock.TimeZone);
        milestones = await Adoption.MilestonesAsync(selectedFlagId);
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

    private Task OnEnvironmentChanged() => InvokeAsync(async () =>
    {
        summary = null;
        chart = null;
        StateHasChanged();
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose()
    {
        environmentChanged?.Dispose();
        refresh?.Dispose();
    }

    private string NextSunsetValue => plans.NextSunset is { } next
        ? DaysLeft(next.SunsetAt) switch { 0 => "today", 1 => "in 1 day", var days => $"in {days} days" }
        : "none";

    private string NextSunsetHint => plans.NextSunset is { } next
        ? $"{next.Title} ({next.FlagKey}) on {Clock.FormatWithZone(next.SunsetAt)}."
        : "No sunset is scheduled.";

    private int DaysLeft(DateTime sunsetUtc) => Math.Max(0, (int)Math.Ceiling((Clock.ToLocal(sunsetUtc) - Clock.Now).TotalDays));
}
