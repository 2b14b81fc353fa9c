using System.Globalization;
using System.Security.Cryptography;
using Dashboard.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Signed, expiring unsubscribe tokens for one contact and plan (ASP.NET Core Data Protection). The token is the only
/// credential of the anonymous unsubscribe endpoint, so it carries the address it may unsubscribe.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider dataProtection, IOptions<NotificationOptions> options, TimeProvider timeProvider)
{
    private const string Purpose = "Sundial.Notifications.Unsubscribe.v1";

    private readonly ITimeLimitedDataProtector protector = dataProtection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Create(int contactId, int planId, string email)
    {
        var expires = timeProvider.GetUtcNow().AddDays(options.Value.UnsubscribeLinkLifetimeDays);
        return protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{contactId}|{planId}|{email}"), expires);
    }

    public string CreateUrl(int contactId, int planId, string email) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/unsubscribe/{Create(contactId, planId, email)}";

    /// <summary>The contact, plan and address a token was issued for; null when it is forged, altered or expired.</summary>
    public UnsubscribeRequest? Read(string token)
    {
        try
        {
            var payload = protector.Unprotect(token, out var expiration);
            if (expiration < timeProvider.GetUtcNow())
            {
                return null;
            }

            var parts = payload.Split('|', 3);
            return parts.Length == 3
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var contactId)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var planId)
                ? new UnsubscribeRequest(contactId, planId, parts[2])
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
