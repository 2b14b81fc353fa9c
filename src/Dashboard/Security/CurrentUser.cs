using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Security;

/// <summary>The signed-in user's name for audit entries, resolved from the circuit's authentication state.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationStateProvider)
{
    public async Task<string> GetNameAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return state.User.Identity?.Name ?? "anonymous";
    }
}
