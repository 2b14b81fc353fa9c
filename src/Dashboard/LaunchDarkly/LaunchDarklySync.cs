using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.FlagData;
using Dashboard.Options;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace Dashboard.LaunchDarkly;

/// <summary>
/// Pulls flags and segments of every mapped environment from LaunchDarkly's REST API, converts them to SDK data and
/// stores them through <see cref="FlagDataImporter"/>. One environment failing leaves its data unchanged and does
/// not stop the others. Only one sync runs at a time.
/// </summary>
public sealed partial class LaunchDarklySync(
    ILaunchDarklyApi api,
    LaunchDarklySettingsStore settingsStore,
    FlagDataImporter importer,
    IDbContextFactory<DashboardDbContext> dbFactory,
    IOptions<LaunchDarklyOptions> options,
    TimeProvider timeProvider,
    ILogger<LaunchDarklySync> logger) : IDisposable
{
    private const int MaxPages = 1000;
    private readonly SemaphoreSlim gate = new(1, 1);

    public bool IsRunning => gate.CurrentCount == 0;

    public void Dispose() => gate.Dispose();

    public async Task<LaunchDarklySyncStatus> SyncAsync(string actor, IProgress<LaunchDarklySyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var startedAt = timeProvider.GetUtcNow().UtcDateTime;
        if (!await gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return new LaunchDarklySyncStatus(startedAt, null, false, "A sync is already running; its result will appear when it finishes.");
        }

        try
        {
            var (succeeded, summary) = await SyncEnvironmentsAsync(actor, progress, cancellationToken);
            var status = new LaunchDarklySyncStatus(startedAt, timeProvider.GetUtcNow().UtcDateTime, succeeded, summary);
            await settingsStore.RecordSyncAsync(status, CancellationToken.None);
            LogSyncFinished(logger, succeeded, summary);
            return status;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Checks that a token (the one given, else the stored one) can read the project and that mapped environments exist.</summary>
    public async Task<LaunchDarklyConnectionTest> TestConnectionAsync(string? candidateToken, string? candidateProjectKey, CancellationToken cancellationToken = default)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        var token = string.IsNullOrWhiteSpace(candidateToken) ? await settingsStore.GetApiTokenAsync(cancellationToken) : candidateToken.Trim();
        var projectKey = string.IsNullOrWhiteSpace(candidateProjectKey) ? settings.ProjectKey : candidateProjectKey.Trim();
        if (token is null)
        {
            return new LaunchDarklyConnectionTest(false, "No API token: enter one here or set LaunchDarkly:ApiToken in user secrets or the environment.");
        }

        if (projectKey is null || !LaunchDarklyKeys.IsValid(projectKey))
        {
            return new LaunchDarklyConnectionTest(false, "Enter a valid project key to test against.");
        }

        try
        {
            var project = await api.GetProjectAsync(projectKey, token, cancellationToken);
            var known = EnvironmentKeys(project);
            var mappings = await settingsStore.GetMappingAsync(cancellationToken);
            var missing = mappings
                .Where(m => m.LaunchDarklyEnvironmentKey is not null && (m.ProjectKey ?? projectKey) == projectKey && !known.Contains(m.LaunchDarklyEnvironmentKey))
                .Select(m => $"{m.EnvironmentKey} → {m.LaunchDarklyEnvironmentKey}")
                .ToList();
            var name = project.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : projectKey;
            return missing.Count == 0
                ? new LaunchDarklyConnectionTest(true, $"Connected to project \"{name}\" ({known.Count} environments: {string.Join(", ", known.Order(StringComparer.Ordinal))}).")
                : new LaunchDarklyConnectionTest(false, $"Connected to \"{name}\", but these mapped environments do not exist there: {string.Join(", ", missing)}.");
        }
        catch (Exception exception) when (Describe(exception, $"project \"{projectKey}\"") is { } message)
        {
            return new LaunchDarklyConnectionTest(false, message);
        }
    }

    private async Task<(bool Succeeded, string Summary)> SyncEnvironmentsAsync(string actor, IProgress<LaunchDarklySyncProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        var token = await settingsStore.GetApiTokenAsync(cancellationToken);
        if (token is null)
        {
            return (false, settings.TokenSource == LaunchDarklyTokenSource.Unreadable
                ? "The saved API token can no longer be read (Data Protection keys changed); enter it again."
                : "No API token: enter one in Settings → LaunchDarkly or set LaunchDarkly:ApiToken.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var environments = await db.Environments.AsNoTracking()
            .Where(e => e.LaunchDarklyEnvironmentKey != null)
            .OrderBy(e => e.Key)
            .Select(e => new { e.Id, e.Key, e.LaunchDarklyProjectKey, e.LaunchDarklyEnvironmentKey })
            .ToListAsync(cancellationToken);
        if (environments.Count == 0)
        {
            return (false, "No environment is mapped to a LaunchDarkly environment yet.");
        }

        var lines = new List<string>();
        var succeeded = true;
        for (var i = 0; i < environments.Count; i++)
        {
            var environment = environments[i];
            var project = environment.LaunchDarklyProjectKey ?? settings.ProjectKey;
            var label = $"{environment.Key} ← {project ?? "?"}/{environment.LaunchDarklyEnvironmentKey}";
            void Report(string message) => progress?.Report(new LaunchDarklySyncProgress(environment.Key, i + 1, environments.Count, message));
            if (project is null)
            {
                succeeded = false;
                lines.Add($"{label}: no project key (set a default project or one for this environment)");
                continue;
            }

            try
            {
                var (document, metadata) = await FetchAsync(project, environment.LaunchDarklyEnvironmentKey!, token, Report, cancellationToken);
                Report("storing");
                var result = await importer.ImportAsync(environment.Id, document.ToJsonString(), FlagDataOrigin.Sync, actor, metadata, cancellationToken);
                succeeded &= result.Succeeded;
                lines.Add(result.Succeeded ? $"{label}: {result.Describe()}" : $"{label}: LaunchDarkly's data did not validate, nothing changed: {result.Describe()}");
            }
            catch (Exception exception) when (Describe(exception, $"{project}/{environment.LaunchDarklyEnvironmentKey}") is { } message)
            {
                succeeded = false;
                lines.Add($"{label}: {message}; nothing changed");
            }
        }

        return (succeeded, string.Join(Environment.NewLine, lines));
    }

    private async Task<(JsonObject Document, Dictionary<string, FlagMetadata> Metadata)> FetchAsync(
        string projectKey,
        string environmentKey,
        string token,
        Action<string> report,
        CancellationToken cancellationToken)
    {
        var flags = new JsonObject();
        var metadata = new Dictionary<string, FlagMetadata>(StringComparer.Ordinal);
        var flagItems = await ReadAllAsync(
            (limit, offset) => api.GetFlagsAsync(projectKey, environmentKey, limit, offset, token, cancellationToken),
            options.Value.FlagPageSize,
            (page, count) => report($"flags page {page} ({count} so far)"));
        foreach (var item in flagItems)
        {
            var converted = LaunchDarklyRestConverter.ConvertFlag(item, environmentKey);
            metadata[converted.Key] = converted.Metadata;
            if (converted.Sdk is not null)
            {
                flags[converted.Key] = converted.Sdk;
            }
        }

        var segments = new JsonObject();
        var segmentItems = await ReadAllAsync(
            (limit, offset) => api.GetSegmentsAsync(projectKey, environmentKey, limit, offset, token, cancellationToken),
            options.Value.SegmentPageSize,
            (page, count) => report($"segments page {page} ({count} so far)"));
        foreach (var item in segmentItems)
        {
            var segment = LaunchDarklyRestConverter.ConvertSegment(item);
            segments[segment["key"]!.GetValue<string>()] = segment;
        }

        return (new JsonObject { ["flags"] = flags, ["segments"] = segments }, metadata);
    }

    /// <summary>Follows <c>_links.next</c> until the last page; LaunchDarkly's next links carry the following offset.</summary>
    private static async Task<List<JsonElement>> ReadAllAsync(Func<int, int, Task<LaunchDarklyPage>> readPage, int pageSize, Action<int, int> reportPage)
    {
        var items = new List<JsonElement>();
        var offset = 0;
        for (var page = 1; page <= MaxPages; page++)
        {
            var result = await readPage(pageSize, offset);
            items.AddRange(result.Items ?? throw new LaunchDarklyConversionException("a page has no \"items\" array"));
            reportPage(page, items.Count);
            if (result.NextHref is not { } next)
            {
                return items;
            }

            var query = QueryHelpers.ParseQuery(next.Contains('?', StringComparison.Ordinal) ? next[next.IndexOf('?', StringComparison.Ordinal)..] : "");
            if (!int.TryParse(query.GetValueOrDefault("offset").ToString(), out var nextOffset) || nextOffset <= offset)
            {
                throw new LaunchDarklyConversionException($"the next-page link \"{next}\" does not move past offset {offset}");
            }

            offset = nextOffset;
        }

        throw new LaunchDarklyConversionException($"more than {MaxPages} pages; stopped");
    }

    private static HashSet<string> EnvironmentKeys(JsonElement project)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (!project.TryGetProperty("environments", out var environments))
        {
            return keys;
        }

        // Newer API versions page expanded environments under "items"; older ones return a plain array.
        var list = environments.ValueKind == JsonValueKind.Object && environments.TryGetProperty("items", out var items) ? items : environments;
        if (list.ValueKind == JsonValueKind.Array)
        {
            foreach (var environment in list.EnumerateArray())
            {
                if (environment.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                {
                    keys.Add(key.GetString()!);
                }
            }
        }

        return keys;
    }

    /// <summary>A message an admin can act on for the failures a sync expects; null lets anything else propagate.</summary>
    private string? Describe(Exception exception, string what) => exception switch
    {
        ApiException { InnerException: JsonException json } => $"LaunchDarkly sent a body that is not the expected JSON ({json.Message})",
        ApiException { StatusCode: HttpStatusCode.Unauthorized } => "LaunchDarkly rejected the API token (401 Unauthorized); enter a valid access token",
        ApiException { StatusCode: HttpStatusCode.Forbidden } => $"the API token may not read {what} (403 Forbidden); give it reader access",
        ApiException { StatusCode: HttpStatusCode.NotFound } => $"LaunchDarkly does not know {what} (404 Not Found); check the project and environment keys",
        ApiException { StatusCode: HttpStatusCode.TooManyRequests } => "LaunchDarkly's rate limit was still exceeded after waiting for its reset (429); the next sync will try again",
        ApiException api => $"LaunchDarkly answered {(int)api.StatusCode} {api.ReasonPhrase}",
        LaunchDarklyConversionException conversion => $"LaunchDarkly's data could not be read: {conversion.Message}",
        JsonException json => $"LaunchDarkly sent a body that is not the expected JSON ({json.Message})",
        HttpRequestException http => $"cannot reach {options.Value.BaseUrl}: {http.Message}",
        TimeoutRejectedException => $"LaunchDarkly did not answer in time ({options.Value.BaseUrl})",
        _ => null,
    };

    [LoggerMessage(EventId = 510, Level = LogLevel.Information, Message = "LaunchDarkly sync finished (succeeded: {Succeeded}): {Summary}")]
    private static partial void LogSyncFinished(ILogger logger, bool succeeded, string summary);
}
