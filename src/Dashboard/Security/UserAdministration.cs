using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Security;

/// <summary>
/// Admin operations on users. Each operation runs in its own scope (fresh DbContext and UserManager) because a Blazor
/// circuit lives much longer than a unit of work; each change writes an audit entry in the same transaction.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopeFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    public const int MaxDisplayNameLength = 200;

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        return users.Select(u => new UserSummary(u.Id, u.Email!, u.DisplayName, rolesByUser[u.Id].Order().ToList(), u.IsDisabled, u.CreatedAt)).ToList();
    }

    /// <summary>Creates a user with an initial password the admin hands over; returns the problems, empty on success.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string actor, string email, string? displayName, string password, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        if (TextRules.TextProblem(displayName?.Trim(), MaxDisplayNameLength) is { } displayNameProblem)
        {
            return [$"The display name {displayNameProblem}."];
        }

        var unknownRoles = roles.Except(DashboardRoles.All).ToList();
        if (roles.Count == 0 || unknownRoles.Count > 0)
        {
            return [roles.Count == 0 ? "Choose at least one role." : $"Unknown role: {string.Join(", ", unknownRoles)}."];
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().EnsureDashboardRolesAsync();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var user = new DashboardUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        var result = await userManager.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await userManager.AddToRolesAsync(user, roles);
        }

        if (!result.Succeeded)
        {
            return result.Errors.Select(e => e.Description).ToList();
        }

        auditLog.Record(db, actor, "user.created", "User", user.Id, $"Created {user.Email} as {string.Join(", ", roles)}", after: new { user.Email, user.DisplayName, roles });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<string>> SetRolesAsync(string actor, string userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        if (roles.Count == 0 || roles.Except(DashboardRoles.All).Any())
        {
            return ["Choose at least one known role."];
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await userManager.FindByIdAsync(userId);
        if (user is null)
        {
            return ["The user no longer exists."];
        }

        var before = await userManager.GetRolesAsync(user);
        if (before.Contains(DashboardRoles.Admin) && !roles.Contains(DashboardRoles.Admin) && await IsLastEnabledAdminAsync(userManager, user))
        {
            return ["This is the last enabled admin; make another user admin first."];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await userManager.RemoveFromRolesAsync(user, before.Except(roles));
        if (result.Succeeded)
        {
            result = await userManager.AddToRolesAsync(user, roles.Except(before));
        }

        if (!result.Succeeded)
        {
            return result.Errors.Select(e => e.Description).ToList();
        }

        await userManager.UpdateSecurityStampAsync(user);
        auditLog.Record(db, actor, "user.roles-changed", "User", user.Id, $"Roles of {user.Email}: {string.Join(", ", roles)}",
            before: new { roles = before }, after: new { roles });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Disabling keeps the user's history, refuses sign-in and ends open sessions within a minute.</summary>
    public async Task<IReadOnlyList<string>> SetDisabledAsync(string actor, string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await userManager.FindByIdAsync(userId);
        if (user is null)
        {
            return ["The user no longer exists."];
        }

        if (disabled && string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase))
        {
            return ["You cannot disable your own account."];
        }

        if (disabled && await userManager.IsInRoleAsync(user, DashboardRoles.Admin) && await IsLastEnabledAdminAsync(userManager, user))
        {
            return ["This is the last enabled admin and cannot be disabled."];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.IsDisabled = disabled;
        var result = await userManager.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return result.Errors.Select(e => e.Description).ToList();
        }

        await userManager.UpdateSecurityStampAsync(user);
        auditLog.Record(db, actor, disabled ? "user.disabled" : "user.enabled", "User", user.Id, $"{(disabled ? "Disabled" : "Enabled")} {user.Email}",
            before: new { isDisabled = !disabled }, after: new { isDisabled = disabled });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    private static async Task<bool> IsLastEnabledAdminAsync(UserManager<DashboardUser> userManager, DashboardUser user)
    {
        var admins = await userManager.GetUsersInRoleAsync(DashboardRoles.Admin);
        return !admins.Any(a => !a.IsDisabled && a.Id != user.Id);
    }
}
