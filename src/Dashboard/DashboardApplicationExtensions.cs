using Dashboard.Analytics;
using Dashboard.Api;
using Dashboard.Auditing;
using Dashboard.Components;
using Dashboard.Database;
using Dashboard.Demo;
using Dashboard.Environments;
using Dashboard.FlagData;
using Dashboard.Ingest;
using Dashboard.LaunchDarkly;
using Dashboard.Matrix;
using Dashboard.Notifications;
using Dashboard.Security;
using Dashboard.Timelines;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Dashboard;

/// <summary>Composition of the whole app; each feature registers itself through its own extension method.</summary>
public static partial class DashboardApplicationExtensions
{
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDashboardDatabase();
        builder.AddDashboardSecurity();
        builder.AddDemoData();
        builder.AddIngest();
        builder.AddNotifications();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddScoped<AuditLogQueries>();
        builder.Services.AddEnvironmentServices();
        builder.Services.AddAnalytics();
        builder.Services.AddTimelines();
        builder.Services.AddFlagData();
        builder.Services.AddVersionMatrix();
        builder.AddLaunchDarklySync();
        return builder;
    }

    /// <summary>Start-up work after migrations: demo data, and the hints an operator needs on first run.</summary>
    public static async Task PrepareDashboardAsync(this WebApplication app)
    {
        await app.SeedDemoDataAsync();
        await app.SeedNotificationTemplatesAsync();
        await app.LogSetupHintAsync();
    }

    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        // First, so everything after sees the client's address and scheme as a configured proxy reports them.
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseMiddleware<DatabaseBusyMiddleware>();

        // Numbers and dates follow the browser's language; en-US when it asks for none we support.
        app.UseRequestLocalization(options => options
            .SetDefaultCulture("en-US")
            .AddSupportedCultures("en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "nl-NL")
            .AddSupportedUICultures("en-US"));
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapDashboardEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapApiReference();
        app.MapAccountEndpoints();
        app.MapIngestEndpoints();
        app.MapNotificationEndpoints();
        app.MapReadApi();
        app.MapTimelineEndpoints();
        app.MapFlagDataEndpoints();
        app.MapFlagEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>OpenAPI document and Scalar UI: open in Development, for signed-in users elsewhere.</summary>
    private static void MapApiReference(this WebApplication app)
    {
        IEndpointConventionBuilder[] apiReference =
        [
            app.MapOpenApi(),
            app.MapScalarApiReference(options => options.WithTitle("Sundial API").DisableDefaultFonts()),
        ];
        foreach (var endpoints in apiReference)
        {
            if (app.Environment.IsDevelopment())
            {
                endpoints.AllowAnonymous();
            }
            else
            {
                endpoints.RequireAuthorization(DashboardPolicies.View);
            }
        }
    }
}
