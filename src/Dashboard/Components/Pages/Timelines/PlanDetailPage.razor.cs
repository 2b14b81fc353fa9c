using System.Globalization;
using Dashboard.Analytics;
using Dashboard.Data.Entities;
using Dashboard.Environments;
using Dashboard.Options;
using Dashboard.Security;
using Dashboard.Timelines;
using Dashboard.Validation;
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
    private AffectedConsumer? extensionConsumer;
    private HashSet<AffectedConsumer> selectedConsumers = [];
    private int activeTab;
    private bool canEdit;
    private bool canNotify;
    private string? noticeWarning;
    private string? failure;
    private string? extensionSunset;
    private string? extensionReason;
    private FieldErrors? extensionErrors;

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
    public required Microsoft.Extensions.Options.IOptions<TimelinesOptions> TimelineOptions { get; init; }

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

    [Inject]
    public required Microsoft.Extensions.Options.IOptions<NotificationOptions> NotificationOptions { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    /// <summary>Editors change plans that are still in progress.</summary>
    private bool CanEditPlan => canEdit && detail is not null && PlanSchedule.IsInProgress(detail.Summary.Status);

    private bool CanMail => detail is not null && PlanSchedule.EmailRefusal(detail.Summary.Status) is null;

    private const int ExtensionsTab = 1;

    [Inject]
    public required PageLoad PageLoad { get; init; }

    [Inject]
    public required EnvironmentSelection EnvironmentSelection { get; init; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            canEdit = await CurrentUser.IsAllowedAsync(DashboardPolicies.Edit);
            canNotify = await CurrentUser.IsAllowedAsync(DashboardPolicies.Notify);
            await LoadAsync();
            StateHasChanged();
        }
    }

    private async Task LoadAsync() => failure = await PageLoad.RunAsync(LoadPlanAsync, "this plan");

    private async Task LoadPlanAsync()
    {
        detail = await Plans.GetAsync(Id);
        if (detail is null)
        {
            loadError = $"Plan {Id} does not exist. It may have been removed with its flag.";
            return;
        }

        var notice = new FieldErrors();
        PlanValidator.WarnOnShortNotice(detail.Summary.AnnounceAt, detail.Summary.DeprecationAt, detail.Summary.SunsetAt, TimelineOptions.Value.MinimumNoticeDays, notice);
        noticeWarning = notice.For("sunsetAt");
        await EnvironmentSelection.FollowAsync(detail.EnvironmentKey);

        history = await Plans.GetHistoryAsync(Id);
        affected = await AffectedConsumers.GetAsync(Id);
        // Keep ticks on consumers that are still affected after a reload (records compare by value).
        selectedConsumers = affected.Where(c => selectedConsumers.Any(s => s.ConsumerId == c.ConsumerId)).ToHashSet();
        burnDown = await BurnDowns.GetAsync(Id, Clock.TimeZone);
    }

    /// <summary>A new campaign for this plan, limited to <paramref name="consumerKeys"/> when any are given.</summary>
    private string CampaignLink(IEnumerable<string> consumerKeys)
    {
        var keys = consumerKeys.ToList();
        var link = $"notifications/campaigns/new?planId={Id.ToString(CultureInfo.InvariantCulture)}";
        return keys.Count == 0 ? link : link + "&consumers=" + Uri.EscapeDataString(string.Join(',', keys));
    }

    private Task<IEnumerable<AffectedConsumer>> SearchAffectedAsync(string? text, CancellationToken cancellationToken)
    {
        var term = text?.Trim() ?? "";
        var matches = (affected ?? []).Where(c => term.Length == 0
            || c.Key.Contains(term, StringComparison.OrdinalIgnoreCase)
            || c.DisplayName.Contains(term, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(matches);
    }

    private void StartExtension(AffectedConsumer consumer)
    {
        extensionConsumer = consumer;
        extensionErrors = null;
        activeTab = ExtensionsTab;
    }

    private async Task AnnounceNowAsync()
    {
        var plan = detail!.Summary;
        var offsets = NotificationOptions.Value.EffectiveReminderOffsets;
        var due = Dashboard.Notifications.ReminderPlanner.DueOffset(offsets, plan.SunsetAt, Time.GetUtcNow().UtcDateTime);
        var reminders = due is { } days
            ? $"The {days}-day sunset reminder is due already and goes to the affected consumers' contacts at the next reminder run; later reminders follow {string.Join(", ", offsets.Where(o => o < days))} days before the sunset."
            : $"Reminder emails go to the affected consumers' contacts {string.Join(", ", offsets)} days before the sunset.";
        var message = new MarkupString(
            $"<p>The status becomes <b>Announced</b> and the announcement date moves to now.</p>"
            + $"<p>Providers start sending Deprecation and Sunset headers to consumers in the plan's scope ({affected?.Count ?? 0} consumer(s) received the retired behaviour in the {LegacyUsage.Affected().Caption}).</p>"
            + $"<p>{System.Net.WebUtility.HtmlEncode(reminders)} You can also email them yourself from the plan page.</p>");
        var confirmed = await Dialogs.ShowMessageBoxAsync("Announce this plan now?", message, yesText: "Announce now", cancelText: "Not yet");
        if (confirmed != true)
        {
            return;
        }

        if (!await CurrentUser.IsAllowedAsync(DashboardPolicies.Edit))
        {
            Snackbar.Add("Only editors can announce a plan.", Severity.Error);
            return;
        }

        var actor = await CurrentUser.GetNameAsync();
        PlanChangeResult? result = null;
        if (!await Snackbar.TryWriteAsync(async () => result = await PlanService.AnnounceNowAsync(Id, actor)))
        {
            return;
        }

        if (result!.Succeeded)
        {
            Snackbar.Add("Plan announced: providers now send its headers.", Severity.Success);
            await LoadAsync();
        }
        else
        {
            Snackbar.Add(result.Errors.For("status") ?? result.Errors.For("id") ?? "The plan could not be announced.", Severity.Error);
        }
    }

    private string When(DateTime utc) => Clock.Format(utc);

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
            Snackbar.Add(result.Errors.For("status") ?? result.Errors.For("id") ?? "The plan could not be changed.", Severity.Error);
        }
    }

    private async Task GrantExtensionAsync()
    {
        extensionErrors = new FieldErrors();
        var sunset = PlanForm.ToUtc(extensionSunset, Clock.TimeZone, "sunsetAt", extensionErrors);
        if (!extensionErrors.IsEmpty)
        {
            return;
        }

        var actor = await CurrentUser.GetNameAsync();
        PlanChangeResult? result = null;
        if (!await Snackbar.TryWriteAsync(async () =>
                result = await PlanService.SetExtensionAsync(Id, new ExtensionInput { ConsumerKey = extensionConsumer?.Key, SunsetAt = sunset, Reason = extensionReason }, actor)))
        {
            return;
        }

        extensionErrors = result!.Errors;
        if (result.Succeeded)
        {
            Snackbar.Add($"{extensionConsumer!.Key} has until {When(sunset!.Value)}.", Severity.Success);
            extensionConsumer = null;
            extensionSunset = extensionReason = null;
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

        Snackbar.Add(result!.Succeeded ? "Extension removed." : result.Errors.For("id") ?? "The extension could not be removed.", result.Succeeded ? Severity.Success : Severity.Error);
        await LoadAsync();
    }
}
