using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Environments;

/// <summary>The environment the viewer is looking at in this circuit; pages re-query when it changes.</summary>
public sealed class EnvironmentSelection(IDbContextFactory<DashboardDbContext> dbFactory)
{
    private List<EnvironmentSummary>? environments;

    public event Action? Changed;

    public EnvironmentSummary? Current { get; private set; }

    public async Task<IReadOnlyList<EnvironmentSummary>> GetEnvironmentsAsync(CancellationToken cancellationToken = default)
    {
        if (environments is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            environments = await db.Environments.AsNoTracking()
                .OrderByDescending(e => e.IsDefault).ThenBy(e => e.Name)
                .Select(e => new EnvironmentSummary(e.Id, e.Key, e.Name, e.IsDefault))
                .ToListAsync(cancellationToken);
            Current ??= environments.Count > 0 ? environments[0] : null;
        }

        return environments;
    }

    /// <summary>The selected environment, loading the list on first use; null when no environment exists yet.</summary>
    public async Task<EnvironmentSummary?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        await GetEnvironmentsAsync(cancellationToken);
        return Current;
    }

    public void Select(EnvironmentSummary environment)
    {
        if (Current?.Id == environment.Id)
        {
            return;
        }

        Current = environment;
        Changed?.Invoke();
    }
}
