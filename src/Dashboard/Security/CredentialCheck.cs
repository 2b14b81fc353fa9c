using Dashboard.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Security;

/// <summary>
/// Checks an email and password for sign-in. Unknown, disabled and locked accounts cost the same password-hash work as
/// a wrong password and give the same answer, so neither the message nor the response time tells which emails have
/// accounts. Failures do not lock accounts (see <see cref="SignInThrottle"/>).
/// </summary>
public sealed class CredentialCheck(UserManager<DashboardUser> userManager, SignInManager<DashboardUser> signInManager)
{
    public const string Failure = "The email or password is wrong, or the account is disabled.";

    private static string? unknownUserHash;

    /// <summary>The user when the password is right and the account may sign in; otherwise null.</summary>
    public async Task<DashboardUser?> FindUserToSignInAsync(string email, string password)
    {
        var user = await userManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // A hash made with the same hasher and settings, so verifying against it takes as long as for a real user.
            unknownUserHash ??= userManager.PasswordHasher.HashPassword(new DashboardUser(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            userManager.PasswordHasher.VerifyHashedPassword(new DashboardUser(), unknownUserHash, password);
            return null;
        }

        var passwordMatches = await userManager.CheckPasswordAsync(user, password);
        return passwordMatches && !user.IsDisabled && !await userManager.IsLockedOutAsync(user) && await signInManager.CanSignInAsync(user)
            ? user
            : null;
    }
}
