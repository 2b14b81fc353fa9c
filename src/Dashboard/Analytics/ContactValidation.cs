using System.Net.Mail;

namespace Dashboard.Analytics;

/// <summary>What makes a contact acceptable, shared by the contact form and the CSV import.</summary>
public static class ContactValidation
{
    public const int MaxEmailLength = 320;

    /// <summary>A single plain address (<c>name@example.com</c>), not a display-name form or a list.</summary>
    public static bool IsValidEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxEmailLength || email.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.', StringComparison.Ordinal);
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
