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
        builder.AddTrustedProxies();
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
                // No lockout after failed passwords: anyone could lock the admin out with a few guesses. SignInThrottle limits guessing instead.
                options.Lockout.AllowedForNewUsers = false;
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
            // Signing in or out at these paths would redirect to the raw ReturnUrl query value (non-ASCII ends in a 500,
            // any host-relative path is taken as is); the sign-in page and the logout endpoint redirect themselves instead.
            options.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
        });
        // Disabling a user rotates their security stamp; sessions notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddDashboardAuthorization();

        services.AddMemoryCache();
        services.AddSingleton<KeyDirectory>();
        services.AddSingleton<KeyUsage>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyUsage>());
        services.AddSingleton<SetupToken>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<CredentialCheck>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<FirstAdminSetup>();
        services.AddScoped<UserAdministration>();
        return builder;
    }

    /// <summary>The role and scope policies, on their own so services that check them can be composed without the sign-in machinery.</summary>
    public static IServiceCollection AddDashboardAuthorization(this IServiceCollection services)
    {
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
        return services;
    }

    private static void RequireScope(AuthorizationPolicyBuilder policy, string scope) =>
        policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyClaims.Scope, scope);
}
