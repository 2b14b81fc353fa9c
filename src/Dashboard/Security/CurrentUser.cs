using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Security;

/// <summary>The signed-in user of the circuit: their name for audit entries, and whether a policy allows them an action.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationStateProvider, IAuthorizationService authorization)
{
    public async Task<string> GetNameAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return state.User.Identity?.Name ?? "anonymous";
    }

    /// <summary>The signed-in user's account id (Identity's user id); null when nobody is signed in.</summary>
    public async Task<string?> GetIdAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return state.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
    }

    /// <summary>
    /// Checks a <see cref="DashboardPolicies"/> policy on the server. Services call it before acting, because a component
    /// hiding or disabling a control does not stop a crafted circuit message from reaching its handler.
    /// </summary>
    public async Task<bool> IsAllowedAsync(string policy)
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, policy)).Succeeded;
    }
}
