using Bunit;
using Bunit.TestDoubles;
using Dashboard.Analytics;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Environments;
using Dashboard.Options;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.Unit.Analytics;

/// <summary>bUnit context with MudBlazor, the analytics services over a real SQLite file, and a signed-in user.</summary>
public abstract class AnalyticsComponentContext : BunitContext, IAsyncLifetime
{
    internal AnalyticsDatabase Database { get; private set; } = null!;

    protected BunitAuthorizationContext Authorization { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await AnalyticsDatabase.CreateAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<DashboardDbContext>>(Database);
        Services.AddSingleton<TimeProvider>(Database.Time);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions()));
        Services.AddSingleton<AuditLog>();
        Services.AddScoped<OverviewQueries>();
        Services.AddScoped<FlagQueries>();
        Services.AddScoped<AdoptionQueries>();
        Services.AddScoped<FlagConsumerQueries>();
        Services.AddScoped<ConsumerQueries>();
        Services.AddScoped<FlagLegacyMarks>();
        Services.AddScoped<ConsumerEditing>();
        Services.AddScoped<ConsumerImport>();
        Services.AddScoped<LiveRefresh>();
        Services.AddScoped<EnvironmentSelection>();
        Services.AddScoped<ViewerClock>();
        Services.AddScoped<CurrentUser>();
        Authorization = AddAuthorization();
        SignIn("viewer@example.com", DashboardPolicies.View);
        Render<MudBlazor.MudPopoverProvider>();
    }

    protected void SignIn(string name, params string[] policies)
    {
        Authorization.SetAuthorized(name);
        Authorization.SetPolicies(policies);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Database.DisposeAsync();
    }
}
