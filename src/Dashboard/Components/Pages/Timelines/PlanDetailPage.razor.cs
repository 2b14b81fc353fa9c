using System.Globalization;
using Dashboard.Analytics;
using Dashboard.Data.Entities;
using Dashboard.Environments;
using Dashboard.Security;
using Dashboard.Timelines;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages.Timelines;

public sealed partial class PlanDetailPage
{
    private PlanDetail? detail;
    private IReadOnlyList<AffectedConsumer>? affected;
    private BurnDown? burnDown;
    private IReadOnlyList<PlanStatusChange> history = [];
    private string? loadError;
    private string? extensionConsumer;
    private string? extensionSunset;
    private string? extensionReason;
    private ValidationOutcome? extensionOutcome;

    [Parameter]
    public int Id { get; set; }

    [Inject]
    public required PlanQueries Plans { get; init; }

    [Inject]
    public required PlanService PlanService { get; init; }

    [Inject]
    public required AffectedConsumerQueries AffectedConsumers { get; init; }

    [Inject]
    public required LegacyUsage LegacyUsage { get; init; }

    [Inject]
    public required BurnDownQueries BurnDowns { get; init; }

    [Inject]
    public required ViewerClock Clock { get; init; }

    [Inject]
    public required CurrentUser CurrentUser { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

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
        detail = await Plans.GetAsync(Id);
        if (detail is null)
        {
            loadError = $"Plan {Id} does not exist. It may have been removed with its flag.";
            return;
        }

        history = await Plans.GetHistoryAsync(Id);
        affected = await AffectedConsumers.GetAsync(Id);
        burnDown = await BurnDowns.GetAsync(Id, Clock.TimeZone);
    }

    private string When(DateTime utc) => Clock.ToLocal(utc).ToString("d MMM yyyy HH:mm", CultureInfo.CurrentCulture);

    private string VariationLabel(int index) => detail!.Variations.FirstOrDefault(v => v.Index == index)?.Label ?? index.ToString(CultureInfo.InvariantCulture);

    private static string VersionRange(PlanSummary plan) => (plan.ApiVersionFrom, plan.ApiVersionBelow) switch
    {
        (null, null) => "all",
        (null, { } below) => $"below {below}",
        ({ } from, null) => $"{from} and later",
        ({ } from, { } below) => $"{from} up to (not including) {below}",
    };

    private string HeaderPreview()
    {
        var plan = detail!.Summary;
        var headers = DeprecationHeaders.For(plan.DeprecationAt, plan.SunsetAt, detail.MigrationGuideUrl, detail.MigrationGuideUrl);
        var lines = new List<string> { $"Deprecation: {headers.Deprecation}", $"Sunset: {headers.Sunset}" };
        lines.AddRange(headers.Links.Select(l => $"Link: {l}"));
        return string.Join('\n', lines);
    }

    private async Task CancelPlanAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this plan?",
            "Providers stop sending Deprecation and Sunset headers for it, brownouts are called off, and it can no longer be edited. This cannot be undone.",
            yesText: "Cancel plan",
            cancelText: "Keep it");
        if (confirmed == true)
        {
            await MoveAsync(PlanStatus.Cancelled, "Plan cancelled.");
        }
    }

    private async Task CompletePlanAsync()
    {
        var stillCalling = affected?.Count ?? 0;
        var message = stillCalling == 0
            ? "No consumer received the retired behaviour in the last 30 days. Mark the plan completed (the legacy code can go)?"
            : $"{stillCalling} consumer(s) still received the retired behaviour in the last 30 days. Mark the plan completed anyway?";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Complete this plan?", message, yesText: "Mark completed", cancelText: "Not yet");
        if (confirmed == true)
        {
            await MoveAsync(PlanStatus.Completed, "Plan completed.");
        }
    }

    private async Task MoveAsync(PlanStatus target, string done)
    {
        var actor = await CurrentUser.GetNameAsync();
        PlanChangeResult? result = null;
        if (!await Snackbar.TryWriteAsync(async () => result = await PlanService.MoveAsync(Id, target, actor)))
        {
            return;
        }

        if (result!.Succeeded)
        {
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
        else
        {
            Snackbar.Add(result.Outcome.ErrorFor("status") ?? result.Outcome.ErrorFor("id") ?? "The plan could not be changed.", Severity.Error);
        }
    }

    private async Task GrantExtensionAsync()
    {
        extensionOutcome = new ValidationOutcome();
        var sunset = PlanForm.ToUtc(extensionSunset, Clock.TimeZone, "sunsetAt", extensionOutcome);
        if (!extensionOutcome.IsValid)
        {
            return;
        }

        var actor = await CurrentUser.GetNameAsync();
        PlanChangeResult? result = null;
        if (!await Snackbar.TryWriteAsync(async () =>
                result = await PlanService.SetExtensionAsync(Id, new ExtensionInput { ConsumerKey = extensionConsumer, SunsetAt = sunset, Reason = extensionReason }, actor)))
        {
            return;
        }

        extensionOutcome = result!.Outcome;
        if (result.Succeeded)
        {
            Snackbar.Add($"{extensionConsumer} has until {When(sunset!.Value)}.", Severity.Success);
            extensionConsumer = extensionSunset = extensionReason = null;
            await LoadAsync();
        }
    }

    private async Task RemoveExtensionAsync(string consumerKey)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove the extension?", $"{consumerKey} falls back to the plan's sunset ({When(detail!.Summary.SunsetAt)}).", yesText: "Remove", cancelText: "Keep");
        if (confirmed != true)
        {
            return;
        }

        var actor = await CurrentUser.GetNameAsync();
        PlanChangeResult? result = null;
        if (!await Snackbar.TryWriteAsync(async () => result = await PlanService.RemoveExtensionAsync(Id, consumerKey, actor)))
        {
            return;
        }

        Snackbar.Add(result!.Succeeded ? "Extension removed." : result.Outcome.ErrorFor("id") ?? "The extension could not be removed.", result.Succeeded ? Severity.Success : Severity.Error);
        await LoadAsync();
    }
}
