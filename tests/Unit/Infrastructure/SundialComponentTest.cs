using Dashboard.Timelines;
using Bunit;
using Bunit.TestDoubles;
using Dashboard.Analytics;
using Dashboard.Auditing;
using Dashboard.Database;
using Dashboard.Environments;
using Dashboard.FlagData;
using Dashboard.Ingest;
using Dashboard.LaunchDarkly;
using Dashboard.Matrix;
using Dashboard.Notifications;
using Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// Base class for bUnit tests: a fresh migrated database, a fixed clock, MudBlazor, and the app's own registrations for
/// data, security, environments, analytics, timelines, ingest and notifications (so components get the real services, not look-alikes).
/// </summary>
public abstract class SundialComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>A Tuesday noon UTC, far from daylight-saving changes.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private TestDatabase? database;

    static SundialComponentTest()
    {
        // Waits end as soon as the assertion passes; the longer ceiling only matters on a busy shared machine.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(5);
    }
    private IRenderedComponent<MudDialogProvider>? dialogs;
    private IRenderedComponent<MudPopoverProvider>? popovers;

    protected FakeTimeProvider Time { get; } = new(DefaultNow);

    /// <summary>Anonymous until a test calls <c>SetAuthorized</c>.</summary>
    protected BunitAuthorizationContext Authorization { get; private set; } = default!;

    protected TestDatabase Database => database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public virtual async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        AddSundialServices();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's services are only asynchronously disposable; xUnit 2 would otherwise dispose the context synchronously.
        await DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>
    /// Signs in <paramref name="userName"/> with <paramref name="role"/>. bUnit's authorization does not evaluate the app's
    /// policies, so the test names the ones the role grants that the page checks.
    /// </summary>
    protected void SignInAs(string userName, string role, params string[] policies)
    {
        Authorization.SetAuthorized(userName);
        Authorization.SetRoles(role);
        Authorization.SetPolicies(policies);
    }

    /// <summary>Stores one default environment, as most pages need one to show anything.</summary>
    protected async Task<Dashboard.Data.Entities.DashboardEnvironment> SeedEnvironmentAsync(string key = "production")
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var environment = data.Environment(key, isDefault: true);
        await data.SaveAsync(Database.Factory);
        return environment;
    }

    /// <summary>Where MudBlazor shows dialogs and message boxes (confirmations) once <c>RenderWithMud</c> has run.</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs => dialogs ?? throw new InvalidOperationException("Call RenderWithMud first.");

    /// <summary>Where MudBlazor shows open menus, select lists and autocomplete suggestions once <c>RenderWithMud</c> has run.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers => popovers ?? throw new InvalidOperationException("Call RenderWithMud first.");

    /// <summary>Renders the popover and dialog providers MudBlazor's selects, menus and confirmations need, then the component under test.</summary>
    protected IRenderedComponent<TComponent> RenderWithMud<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        popovers = Render<MudPopoverProvider>();
        dialogs = Render<MudDialogProvider>();
        return Render(parameters);
    }

    private void AddSundialServices()
    {
        // Reuse the app's composition for the parts components depend on, against this test's database file.
        var app = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Microsoft.Extensions.Hosting.Environments.Development });
        app.Configuration[$"ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionStringName}"] = Database.ConnectionString;
        // Test emails land as .eml files next to this test's database, never in the app's folder.
        app.Configuration["Mail:Transport"] = "Pickup";
        app.Configuration["Mail:PickupDirectory"] = Path.Combine(Path.GetDirectoryName(Database.FilePath)!, "mail-pickup");
        app.AddDashboardDatabase();
        app.AddDashboardSecurity();
        app.Services.AddSingleton<AuditLog>();
        app.Services.AddEnvironmentServices();
        app.Services.AddAnalytics();
        app.Services.AddTimelines();
        app.Services.AddFlagData();
        app.Services.AddVersionMatrix();
        app.AddLaunchDarklySync();
        // Hosted services (ingest writer, outbox dispatcher, scheduler) are registered but never started: bUnit runs no host.
        app.AddIngest();
        app.AddNotifications();
        app.Services.AddScoped<AuditLogQueries>();
        foreach (var descriptor in app.Services)
        {
            Services.Add(descriptor);
        }

        Services.AddSingleton<TimeProvider>(Time);
        Services.AddMudServices();
        Authorization = AddAuthorization();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }
}
