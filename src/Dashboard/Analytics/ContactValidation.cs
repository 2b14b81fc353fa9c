using System.Net.Mail;
using Dashboard.Flags.Validation;

namespace Dashboard.Analytics;

/// <summary>What makes a contact acceptable, shared by the contact form and the CSV import.</summary>
public static class ContactValidation
{
    public const int MaxEmailLength = 320;

    public const int MaxTextLength = 256;

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

    /// <summary>Each of name and role that is wrong, by its form field and CSV column name.</summary>
    public static IReadOnlyList<(string Field, string Problem)> TextProblems(string? name, string? role)
    {
        var problems = new List<(string, string)>(0);
        if (TextRules.TextProblem(name?.Trim(), MaxTextLength) is { } nameProblem)
        {
            problems.Add(("name", nameProblem));
        }

        if (TextRules.TextProblem(role?.Trim(), MaxTextLength) is { } roleProblem)
        {
            problems.Add(("role", roleProblem));
        }

        return problems;
    }
}
