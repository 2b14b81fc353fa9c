using System.Net;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Security;

/// <summary>Creates the first admin on a fresh installation. Refuses once any user exists.</summary>
public sealed class FirstAdminSetup(
    DashboardDbContext db,
    UserManager<DashboardUser> userManager,
    RoleManager<IdentityRole> roleManager,
    AuditLog auditLog,
    SetupToken setupToken,
    TimeProvider timeProvider)
{
    public Task<bool> IsCompleteAsync(CancellationToken cancellationToken = default) => db.Users.AnyAsync(cancellationToken);

    /// <summary>
    /// Setup is allowed with the one-time token the app logged, or without it from the machine itself. A reverse proxy
    /// on the same machine connects from loopback too, so a request that shows any sign of a proxy (a forwarded header,
    /// or proxies configured at all) needs the token.
    /// </summary>
    public bool IsRequestAllowed(HttpContext context, string? token) =>
        setupToken.Matches(token)
        || (TrustedProxies.ClientAddress(context) is { } clientAddress && IPAddress.IsLoopback(clientAddress) && !TrustedProxies.CameThroughProxy(context));

    /// <summary>Creates the roles and the admin in one transaction; returns the problems, empty on success.</summary>
    public async Task<IReadOnlyList<string>> CreateFirstAdminAsync(string email, string? displayName, string password, CancellationToken cancellationToken = default)
    {
        if (TextRules.TextProblem(displayName?.Trim(), UserAdministration.MaxDisplayNameLength) is { } displayNameProblem)
        {
            return [$"The display name {displayNameProblem}."];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return ["Sundial is already set up. Sign in instead."];
        }

        await roleManager.EnsureDashboardRolesAsync();

        var user = new DashboardUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        var created = await userManager.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => e.Description).ToList();
        }

        var roleAdded = await userManager.AddToRoleAsync(user, DashboardRoles.Admin);
        if (!roleAdded.Succeeded)
        {
            return roleAdded.Errors.Select(e => e.Description).ToList();
        }

        auditLog.Record(db, email, "setup.completed", "User", user.Id, $"First admin {email} created", after: new { email, roles = new[] { DashboardRoles.Admin } });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }
}
