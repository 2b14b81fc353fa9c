using Dashboard.Data;
using Dashboard.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Identity with cookie sign-in for the UI, API keys for the HTTP APIs, and the role and scope policies.</summary>
    public static WebApplicationBuilder AddDashboardSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddIdentityCore<DashboardUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "sundial.auth";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Disabling a user rotates their security stamp; sessions notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(DashboardPolicies.View, p => p.RequireRole(DashboardRoles.All))
            .AddPolicy(DashboardPolicies.Edit, p => p.RequireRole(DashboardRoles.Admin, DashboardRoles.Editor))
            .AddPolicy(DashboardPolicies.Notify, p => p.RequireRole(DashboardRoles.Admin, DashboardRoles.Notifier))
            .AddPolicy(DashboardPolicies.Administer, p => p.RequireRole(DashboardRoles.Admin))
            .AddPolicy(DashboardPolicies.IngestScope, p => RequireScope(p, "ingest"))
            .AddPolicy(DashboardPolicies.PolicyScope, p => RequireScope(p, "policy"))
            .AddPolicy(DashboardPolicies.ReadScope, p => RequireScope(p, "read"))
            .AddPolicy(DashboardPolicies.ManageScope, p => RequireScope(p, "manage"));

        services.AddMemoryCache();
        services.AddSingleton<KeyDirectory>();
        services.AddSingleton<KeyUsage>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyUsage>());
        services.AddSingleton<SetupToken>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<FirstAdminSetup>();
        services.AddScoped<UserAdministration>();
        return builder;
    }

    private static void RequireScope(AuthorizationPolicyBuilder policy, string scope) =>
        policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyClaims.Scope, scope);
}
