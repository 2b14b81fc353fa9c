using System.Globalization;
using System.Security.Cryptography;
using Dashboard.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Signed, expiring unsubscribe tokens for one contact and plan (ASP.NET Core Data Protection). The token is the only
/// credential of the anonymous unsubscribe endpoint, so it carries the address it may unsubscribe. The expiry is part of
/// the protected payload and checked against <see cref="TimeProvider"/> (the time-limited protector reads the system clock).
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider dataProtection, IOptions<NotificationOptions> options, TimeProvider timeProvider)
{
    private const string Purpose = "Sundial.Notifications.Unsubscribe.v1";

    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);

    public string Create(int contactId, int planId, string email)
    {
        var expires = timeProvider.GetUtcNow().AddDays(options.Value.UnsubscribeLinkLifetimeDays).ToUnixTimeSeconds();
        return protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{contactId}|{planId}|{expires}|{email}"));
    }

    public string CreateUrl(int contactId, int planId, string email) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/unsubscribe/{Create(contactId, planId, email)}";

    /// <summary>The contact, plan and address a token was issued for; null when it is forged, altered or expired.</summary>
    public UnsubscribeRequest? Read(string token)
    {
        try
        {
            var parts = protector.Unprotect(token).Split('|', 4);
            return parts.Length == 4
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var contactId)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var planId)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires)
                && timeProvider.GetUtcNow().ToUnixTimeSeconds() < expires
                ? new UnsubscribeRequest(contactId, planId, parts[3])
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
