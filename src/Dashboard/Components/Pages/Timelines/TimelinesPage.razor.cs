using System.Globalization;
using Dashboard.Environments;
using Dashboard.Timelines;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages.Timelines;

public sealed partial class TimelinesPage
{
    private IReadOnlyList<PlanSummary>? plans;
    private IReadOnlyList<PlanSummary> activePlans = [];
    private Dictionary<int, int> affectedCounts = [];
    private EnvironmentSummary? environment;
    private string? subtitle;
    private string? loadError;
    private int activeTab;

    [Inject]
    public required PlanQueries Plans { get; init; }

    [Inject]
    public required AffectedConsumerQueries AffectedConsumers { get; init; }

    [Inject]
    public required EnvironmentSelection EnvironmentSelection { get; init; }

    [Inject]
    public required ViewerClock Clock { get; init; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    private IDisposable? environmentChanged;

    protected override void OnInitialized()
    {
        environmentChanged = EnvironmentSelection.OnChanged(OnEnvironmentChanged);
        activeTab = View switch { "calendar" => 1, "plans" => 2, _ => 0 };
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        environment = await EnvironmentSelection.GetCurrentAsync();
        if (environment is null)
        {
            subtitle = "No environment exists yet.";
            plans = [];
            return;
        }

        subtitle = $"{environment.Name} · deprecation plans, brownouts and sunsets";
        try
        {
            plans = await Plans.ListAsync(environment.Id);
            activePlans = plans.Where(p => p.Status != Data.Entities.PlanStatus.Cancelled).ToList();
            affectedCounts = [];
            foreach (var plan in activePlans.Where(p => PlanSchedule.IsInProgress(p.Status)))
            {
                affectedCounts[plan.Id] = (await AffectedConsumers.GetAsync(plan.Id)).Count;
            }

            loadError = null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            plans ??= [];
            loadError = $"The plans could not be loaded: {exception.Message}. Reload the page; if it persists, check /health.";
        }
    }


    private Task OnEnvironmentChanged() => InvokeAsync(async () =>
    {
        plans = null;
        StateHasChanged();
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose() => environmentChanged?.Dispose();
}
