using Dashboard.Environments;
using Dashboard.FlagData;
using Dashboard.LaunchDarkly;
using Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Components.Pages.Settings;

public sealed partial class LaunchDarklySettings : IDisposable
{
    private readonly CancellationTokenSource disposed = new();
    private Dashboard.LaunchDarkly.LaunchDarklySettings? settings;
    private List<MappingRow> mapping = [];
    private string? projectKey;
    private int syncIntervalMinutes;
    private string? newToken;
    private bool testing;
    private LaunchDarklyConnectionTest? connectionTest;
    private bool syncing;
    private double syncPercent;
    private string? syncMessage;
    private int transferEnvironmentId;
    private bool importing;
    private List<string> importErrors = [];

    [Inject]
    public required LaunchDarklySettingsStore Store { get; init; }

    [Inject]
    public required LaunchDarklySync Sync { get; init; }

    [Inject]
    public required FlagDataImporter Importer { get; init; }

    [Inject]
    public required FlagDataQueries FlagDataQueries { get; init; }

    [Inject]
    public required CurrentUser CurrentUser { get; init; }

    [Inject]
    public required ViewerClock Clock { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    private string TokenSourceText => settings!.TokenSource switch
    {
        LaunchDarklyTokenSource.Settings => $"A token saved here is in use (saved {Clock.Format(settings.TokenUpdatedAt ?? default)}).",
        LaunchDarklyTokenSource.Configuration => "The token from configuration (LaunchDarkly:ApiToken) is in use.",
        LaunchDarklyTokenSource.Unreadable => "A saved token can no longer be decrypted (the Data Protection keys changed). Enter it again.",
        _ => "No token is set. Enter one here or set LaunchDarkly:ApiToken in user secrets.",
    };

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        settings = await Store.GetAsync();
        projectKey = settings.ProjectKey;
        syncIntervalMinutes = (int)settings.SyncInterval.TotalMinutes;
        mapping = (await Store.GetMappingAsync()).Select(m => new MappingRow(m.EnvironmentId, m.EnvironmentKey, m.EnvironmentName)
        {
            ProjectKey = m.ProjectKey,
            LaunchDarklyEnvironmentKey = m.LaunchDarklyEnvironmentKey,
        }).ToList();
        if (transferEnvironmentId == 0 && mapping.Count > 0)
        {
            transferEnvironmentId = mapping[0].EnvironmentId;
        }
    }

    private async Task SaveConnectionAsync()
    {
        var problem = await Store.SaveConnectionAsync(await CurrentUser.GetNameAsync(), projectKey, syncIntervalMinutes);
        Report(problem, "Connection settings saved.");
        await LoadAsync();
    }

    private async Task SaveTokenAsync()
    {
        var problem = await Store.SaveApiTokenAsync(await CurrentUser.GetNameAsync(), newToken);
        if (problem is null)
        {
            newToken = null;
        }

        Report(problem, "API token saved.");
        await LoadAsync();
    }

    private async Task ClearTokenAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Clear the saved token?",
            "Sync will use the token from configuration, if any, or stop until a new token is entered.",
            yesText: "Clear token",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        Report(await Store.SaveApiTokenAsync(await CurrentUser.GetNameAsync(), null), "Saved token cleared.");
        await LoadAsync();
    }

    private async Task TestConnectionAsync()
    {
        testing = true;
        connectionTest = null;
        try
        {
            connectionTest = await Sync.TestConnectionAsync(newToken, projectKey, disposed.Token);
        }
        finally
        {
            testing = false;
        }
    }

    private async Task SaveMappingAsync()
    {
        var problems = await Store.SaveMappingAsync(
            await CurrentUser.GetNameAsync(),
            mapping.Select(m => new LaunchDarklyEnvironmentMapping(m.EnvironmentId, m.EnvironmentKey, m.EnvironmentName, m.ProjectKey, m.LaunchDarklyEnvironmentKey)).ToList());
        Report(problems.Count == 0 ? null : string.Join(" ", problems), "Environment mapping saved.");
        await LoadAsync();
    }

    private async Task SyncNowAsync()
    {
        syncing = true;
        syncPercent = 0;
        syncMessage = "Starting…";
        var progress = new Progress<LaunchDarklySyncProgress>(p => _ = InvokeAsync(() =>
        {
            syncPercent = 100.0 * (p.EnvironmentIndex - 1) / p.EnvironmentCount;
            syncMessage = $"{p.EnvironmentKey} ({p.EnvironmentIndex}/{p.EnvironmentCount}): {p.Message}";
            StateHasChanged();
        }));
        try
        {
            var status = await Sync.SyncAsync(await CurrentUser.GetNameAsync(), progress, disposed.Token);
            Snackbar.Add(status.Succeeded ? "Sync finished." : "Sync finished with problems; see the last sync status.", status.Succeeded ? Severity.Success : Severity.Error);
        }
        finally
        {
            syncing = false;
        }

        await LoadAsync();
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        importErrors = [];
        if (file is null)
        {
            return;
        }

        if (transferEnvironmentId == 0)
        {
            importErrors = ["Choose the environment to import into."];
            return;
        }

        importing = true;
        try
        {
            string json;
            try
            {
                await using var stream = file.OpenReadStream(Api.FlagDataEndpoints.MaxFlagDataBytes, disposed.Token);
                using var reader = new StreamReader(stream);
                json = await reader.ReadToEndAsync(disposed.Token);
            }
            catch (IOException exception)
            {
                importErrors = [$"{file.Name} could not be read: {exception.Message} (at most {Api.FlagDataEndpoints.MaxFlagDataBytes / (1024 * 1024)} MB)."];
                return;
            }

            var result = await Importer.ImportAsync(transferEnvironmentId, json, FlagDataOrigin.Import, await CurrentUser.GetNameAsync(), cancellationToken: disposed.Token);
            if (result.Succeeded)
            {
                Snackbar.Add($"{file.Name} imported: {result.Describe()}.", Severity.Success);
            }
            else
            {
                importErrors = [.. result.Errors];
            }
        }
        finally
        {
            importing = false;
        }
    }

    private async Task ExportAsync()
    {
        var environment = mapping.FirstOrDefault(m => m.EnvironmentId == transferEnvironmentId);
        if (environment is null)
        {
            return;
        }

        var json = await FlagDataQueries.ExportAsync(environment.EnvironmentId);
        await JS.InvokeVoidAsync("sundial.downloadText", $"sundial-{environment.EnvironmentKey}-flag-data.json", "application/json", json);
    }

    private void Report(string? problem, string success) =>
        Snackbar.Add(problem ?? success, problem is null ? Severity.Success : Severity.Error);

    private sealed class MappingRow(int environmentId, string environmentKey, string environmentName)
    {
        public int EnvironmentId { get; } = environmentId;

        public string EnvironmentKey { get; } = environmentKey;

        public string EnvironmentName { get; } = environmentName;

        public string? ProjectKey { get; set; }

        public string? LaunchDarklyEnvironmentKey { get; set; }
    }
}
