using Dashboard.Flags.Validation;

namespace Dashboard.Analytics;

/// <summary>What makes a consumer's key and profile acceptable, shared by the consumer form and the CSV import.</summary>
public static class ConsumerValidation
{
    /// <summary>The same limit ingest applies to the keys it records.</summary>
    public const int MaxLength = 256;

    /// <summary>What is wrong with a consumer key (as a phrase after the field name), or null when it is fine.</summary>
    public static string? KeyProblem(string key) => key.Length == 0 ? "is required" : TextRules.KeyProblem(key, MaxLength);

    /// <summary>Each profile field that is wrong, by its form field and CSV column name (<c>displayName</c>, <c>tags</c> …).</summary>
    public static IReadOnlyList<(string Field, string Problem)> ProfileProblems(
        string? displayName, string? organisation, string? tier, string? owner, IEnumerable<string> tags)
    {
        var problems = new List<(string, string)>();
        Check("displayName", displayName);
        Check("organisation", organisation);
        Check("tier", tier);
        Check("owner", owner);
        foreach (var tag in tags)
        {
            Check("tags", tag);
        }

        return problems;

        void Check(string field, string? value)
        {
            if (TextRules.TextProblem(value?.Trim(), MaxLength) is { } problem && !problems.Exists(p => p.Item1 == field))
            {
                problems.Add((field, problem));
            }
        }
    }
}
