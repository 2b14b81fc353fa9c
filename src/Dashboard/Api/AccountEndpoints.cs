using Dashboard.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Api;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token, so a link on another site cannot sign the user out.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<DashboardUser> signInManager) =>
            {
                await signInManager.SignOutAsync();
                return TypedResults.LocalRedirect("~/account/login");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }
}
