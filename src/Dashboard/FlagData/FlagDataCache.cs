using System.Collections.Concurrent;
using Dashboard.Data;
using Dashboard.Flags;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.FlagData;

/// <summary>
/// Per-environment flag stores built from the latest snapshots, cached until new snapshots land (<see cref="Invalidate"/>).
/// Stores are immutable, so readers keep evaluating the old one while a reload runs.
/// </summary>
public sealed partial class FlagDataCache(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider, ILogger<FlagDataCache> logger)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<EnvironmentFlagData>>> environments = new();

    /// <summary>Raised with the environment id after its snapshots changed.</summary>
    public event Action<int>? Changed;

    public Task<EnvironmentFlagData> GetAsync(int environmentId, CancellationToken cancellationToken = default)
    {
        var entry = environments.GetOrAdd(environmentId, id => new Lazy<Task<EnvironmentFlagData>>(() => LoadAsync(id)));
        var task = entry.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed load (e.g. the database was busy) must not stick; the next caller retries.
            environments.TryRemove(new KeyValuePair<int, Lazy<Task<EnvironmentFlagData>>>(environmentId, entry));
        }

        return task.WaitAsync(cancellationToken);
    }

    public void Invalidate(int environmentId)
    {
        environments.TryRemove(environmentId, out _);
        Changed?.Invoke(environmentId);
    }

    private async Task<EnvironmentFlagData> LoadAsync(int environmentId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var document = await StoredFlagData.LoadDocumentAsync(db, environmentId, CancellationToken.None);
        var result = FlagStore.Load(document.ToJsonString());
        var now = timeProvider.GetUtcNow();
        if (!result.Succeeded)
        {
            // Snapshots are validated before they are written, so this means the evaluator's rules changed under stored data.
            LogStoredDataInvalid(logger, environmentId, string.Join("; ", result.Errors));
            return new EnvironmentFlagData(environmentId, FlagStore.Empty, new FlagEvaluator(FlagStore.Empty), now, result.Errors);
        }

        var evaluator = new FlagEvaluator(result.Store!, (flagKey, exception) => LogEvaluationFailed(logger, exception, environmentId, flagKey));
        return new EnvironmentFlagData(environmentId, result.Store!, evaluator, now, []);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Stored flag data of environment {EnvironmentId} does not load: {Errors}")]
    private static partial void LogStoredDataInvalid(ILogger logger, int environmentId, string errors);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Evaluating flag {FlagKey} in environment {EnvironmentId} threw; the default was served")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception, int environmentId, string flagKey);
}
