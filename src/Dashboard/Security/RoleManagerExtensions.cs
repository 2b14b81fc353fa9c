using Microsoft.AspNetCore.Identity;

namespace Dashboard.Security;

public static class RoleManagerExtensions
{
    /// <summary>Creates whichever of Sundial's roles do not exist yet; roles are created on first need, not by a migration.</summary>
    public static async Task EnsureDashboardRolesAsync(this RoleManager<IdentityRole> roleManager)
    {
        foreach (var role in DashboardRoles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
