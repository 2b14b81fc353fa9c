using Dashboard.Analytics;
using Dashboard.Environments;
using Dashboard.Security;
using Dashboard.Timelines;
using Dashboard.Validation;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages.Timelines;

public sealed partial class PlanEditorPage
{
    private PlanForm? form;
    private IReadOnlyList<PlanFlagChoice> flags = [];
    private EnvironmentSummary? environment;
    private FieldErrors? errors;
    private FieldErrors? warnings;
    private string? loadError;
    private bool saving;

    [Parameter]
    public int? Id { get; set; }

    [Inject]
    public required PlanQueries Plans { get; init; }

    [Inject]
    public required PlanService PlanService { get; init; }

    [Inject]
    public required FlagQueries Flags { get; init; }

    [Inject]
    public required EnvironmentSelection EnvironmentSelection { get; init; }

    [Inject]
    public required ViewerClock Clock { get; init; }

    [Inject]
    public required CurrentUser CurrentUser { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private PlanFlagChoice? SelectedFlag => flags.FirstOrDefault(f => f.Key == form?.FlagKey);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        environment = await EnvironmentSelection.GetCurrentAsync();
        if (environment is null)
        {
            loadError = "No environment exists yet; create one under Settings first.";
            StateHasChanged();
            return;
        }

        if (Id is { } id)
        {
            var detail = await Plans.GetAsync(id);
            if (detail is null)
            {
                loadError = $"Plan {id} does not exist.";
                StateHasChanged();
                return;
            }

            // A plan's flag cannot change, so the form offers only its own.
            var flagId = await Flags.FindFlagIdAsync(environment.Id, detail.Summary.FlagKey) ?? 0;
            flags = [new PlanFlagChoice(flagId, detail.Summary.FlagKey, detail.Summary.FlagKey, detail.Variations)];
            form = PlanForm.From(detail, Clock.TimeZone);
        }
        else
        {
            flags = await Plans.GetFlagsAsync(environment.Id);
            form = new PlanForm();
            if (flags.Count == 1)
            {
                SelectFlag(flags[0].Key);
            }
        }

        StateHasChanged();
    }

    private void SelectFlag(string key) => form!.FlagKey = key;

    private void AddBrownout()
    {
        var sunset = PlanForm.ToUtc(form!.SunsetAt, Clock.TimeZone, "sunsetAt", new FieldErrors());
        // Suggest 24 hours two weeks before the sunset; the editor adjusts it.
        var start = sunset?.AddDays(-14);
        form.Brownouts.Add(new BrownoutForm { StartsAt = PlanForm.ToLocal(start, Clock.TimeZone), EndsAt = PlanForm.ToLocal(start?.AddDays(1), Clock.TimeZone) });
    }

    private bool Has(string field) => errors?.Has(field) ?? false;

    private string? ErrorFor(string field) => errors?.For(field);

    private string? WarningFor(string field) => warnings?.For(field);

    private async Task SaveAsync()
    {
        if (form is null || environment is null || saving)
        {
            return;
        }

        saving = true;
        try
        {
            var dates = new FieldErrors();
            var input = form.ToInput(Clock.TimeZone, dates);
            if (!dates.IsEmpty)
            {
                errors = dates;
                warnings = null;
                return;
            }

            var actor = await CurrentUser.GetNameAsync();
            PlanChangeResult? result = null;
            // A busy database keeps the form as typed; saving again once the lock is gone works.
            if (!await Snackbar.TryWriteAsync(async () => result = Id is { } id
                    ? await PlanService.UpdateAsync(id, input, actor)
                    : await PlanService.CreateAsync(environment.Id, input, actor)))
            {
                return;
            }

            errors = result!.Errors;
            warnings = result.Warnings;
            if (result.Succeeded)
            {
                Snackbar.Add(Id is null ? "Plan created." : "Plan saved.", Severity.Success);
                if (result.Warnings.For("sunsetAt") is { } warning)
                {
                    Snackbar.Add(warning, Severity.Warning);
                }

                Navigation.NavigateTo($"timelines/plans/{result.PlanId}");
            }
            else if (result.NotFound)
            {
                loadError = result.Errors.For("id");
            }
        }
        finally
        {
            saving = false;
        }
    }
}
