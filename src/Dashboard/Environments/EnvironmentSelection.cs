using Dashboard.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Environments;

/// <summary>
/// The environment the viewer is looking at in this circuit. The URL carries it (<c>?env=&lt;key&gt;</c>) so a reload or a
/// shared link shows the same environment; pages subscribe with <see cref="OnChanged"/> and re-query when it changes.
/// </summary>
public sealed class EnvironmentSelection : IDisposable
{
    public const string QueryParameter = "env";

    private readonly IDbContextFactory<DashboardDbContext> dbFactory;
    private readonly NavigationManager navigation;
    private readonly Lock gate = new();
    private readonly List<Func<Task>> subscribers = [];
    private readonly HashSet<string> ownNavigations = new(StringComparer.Ordinal);
    private readonly IDisposable locationChanging;
    private List<EnvironmentSummary>? environments;

    public EnvironmentSelection(IDbContextFactory<DashboardDbContext> dbFactory, NavigationManager navigation)
    {
        this.dbFactory = dbFactory;
        this.navigation = navigation;
        navigation.LocationChanged += OnLocationChanged;
        locationChanging = navigation.RegisterLocationChangingHandler(OnLocationChanging);
    }

    public EnvironmentSummary? Current { get; private set; }

    public async Task<IReadOnlyList<EnvironmentSummary>> GetEnvironmentsAsync(CancellationToken cancellationToken = default)
    {
        if (environments is null)
        {
            environments = await LoadAsync(cancellationToken);
            Current ??= Find(KeyIn(navigation.Uri)) ?? (environments.Count > 0 ? environments[0] : null);
        }

        return environments;
    }

    /// <summary>The selected environment, loading the list on first use; null when no environment exists yet.</summary>
    public async Task<EnvironmentSummary?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        await GetEnvironmentsAsync(cancellationToken);
        return Current;
    }

    /// <summary>
    /// Re-reads the list (environments added or renamed since); the selection stays on the same environment. Subscribers
    /// hear of it when the list differs, so the header shows a new name at once.
    /// </summary>
    public async Task<IReadOnlyList<EnvironmentSummary>> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var previous = environments;
        environments = await LoadAsync(cancellationToken);
        Current = environments.FirstOrDefault(e => e.Id == Current?.Id) ?? (environments.Count > 0 ? environments[0] : null);
        if (previous is not null && !previous.SequenceEqual(environments))
        {
            await NotifyAsync();
        }

        return environments;
    }

    /// <summary>Runs <paramref name="handler"/> after every change of environment until the returned handle is disposed.</summary>
    public IDisposable OnChanged(Func<Task> handler)
    {
        lock (gate)
        {
            subscribers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    /// <summary>The viewer picked another environment: show it, and put it in the URL so back, reload and links keep it.</summary>
    public Task SelectAsync(EnvironmentSummary environment) => SelectAsync(environment, replace: false);

    /// <summary>
    /// A page shows an entity (flag, plan, campaign) of <paramref name="environmentId"/>: switch to that environment so the
    /// header never names another one. Returns false when it is not a known environment.
    /// </summary>
    public Task<bool> FollowAsync(int environmentId) => FollowAsync(e => e.Id == environmentId);

    /// <inheritdoc cref="FollowAsync(int)"/>
    public Task<bool> FollowAsync(string environmentKey) => FollowAsync(e => e.Key == environmentKey);

    /// <summary><paramref name="relativeUri"/> with the selected environment in its query, for links that must keep it.</summary>
    public string Href(string relativeUri) =>
        Current is null ? relativeUri : QueryHelpers.AddQueryString(relativeUri, QueryParameter, Current.Key);

    /// <summary>Writes the selected environment into the current URL when it is missing (first load, or a link without it).</summary>
    public void EnsureInUri()
    {
        if (Current is not null && KeyIn(navigation.Uri) != Current.Key)
        {
            NavigateWithEnvironment(Current.Key, replace: true);
        }
    }

    public void Dispose()
    {
        navigation.LocationChanged -= OnLocationChanged;
        locationChanging.Dispose();
    }

    private async Task<bool> FollowAsync(Func<EnvironmentSummary, bool> isEntityEnvironment)
    {
        var environment = (await GetEnvironmentsAsync()).FirstOrDefault(isEntityEnvironment)
            ?? (await ReloadAsync()).FirstOrDefault(isEntityEnvironment);
        if (environment is null)
        {
            return false;
        }

        await SelectAsync(environment, replace: true);
        return true;
    }

    // Our own URL updates come back as LocationChanged (later, from the browser); they must not undo a newer selection.
    private void NavigateWithEnvironment(string key, bool replace)
    {
        var uri = navigation.GetUriWithQueryParameter(QueryParameter, key);
        lock (gate)
        {
            ownNavigations.Add(uri);
        }

        navigation.NavigateTo(uri, replace: replace);
    }

    private async Task SelectAsync(EnvironmentSummary environment, bool replace)
    {
        var changed = Current?.Id != environment.Id;
        Current = environment;
        if (KeyIn(navigation.Uri) != environment.Key)
        {
            NavigateWithEnvironment(environment.Key, replace);
        }

        if (changed)
        {
            await NotifyAsync();
        }
    }

    // Links and page navigations inside the app rarely name the environment: add it before the page renders, so the page
    // is not rendered (and queried) once without it and again with it.
    private ValueTask OnLocationChanging(LocationChangingContext context)
    {
        var target = navigation.ToAbsoluteUri(context.TargetLocation);
        if (Current is not null && KeyIn(target.ToString()) is null && target.ToString().StartsWith(navigation.BaseUri, StringComparison.OrdinalIgnoreCase))
        {
            var query = QueryHelpers.ParseQuery(target.Query);
            query[QueryParameter] = Current.Key;
            context.PreventNavigation();
            navigation.NavigateTo(QueryHelpers.AddQueryString(target.GetLeftPart(UriPartial.Path), query) + target.Fragment);
        }

        return ValueTask.CompletedTask;
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        lock (gate)
        {
            if (ownNavigations.Remove(e.Location))
            {
                return;
            }
        }

        var requested = Find(KeyIn(e.Location));
        if (requested is null)
        {
            // A link inside a page (e.g. a flag in a list) leaves the query out, or names no environment: keep the selection in the URL.
            EnsureInUri();
        }
        else if (requested.Id != Current?.Id)
        {
            // Back/forward or a pasted link to another environment.
            Current = requested;
            _ = NotifyAsync();
        }
    }

    private async Task NotifyAsync()
    {
        Func<Task>[] current;
        lock (gate)
        {
            current = [.. subscribers];
        }

        foreach (var handler in current)
        {
            await handler();
        }
    }

    private EnvironmentSummary? Find(string? key) =>
        key is null ? null : environments?.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    private static string? KeyIn(string uri)
    {
        var query = new Uri(uri, UriKind.Absolute).Query;
        var values = QueryHelpers.ParseQuery(query);
        return values.TryGetValue(QueryParameter, out var key) && !string.IsNullOrEmpty(key) ? key.ToString() : null;
    }

    private async Task<List<EnvironmentSummary>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Environments.AsNoTracking()
            .OrderByDescending(e => e.IsDefault).ThenBy(e => e.Name)
            .Select(e => new EnvironmentSummary(e.Id, e.Key, e.Name, e.IsDefault))
            .ToListAsync(cancellationToken);
    }

    private sealed class Subscription(EnvironmentSelection owner, Func<Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                lock (owner.gate)
                {
                    owner.subscribers.Remove(handler);
                }
            }
        }
    }
}
