namespace Dashboard.Timelines;

/// <summary>
/// Field messages from validating a change: errors block it, warnings (e.g. short notice) do not. Field names are the
/// camel-case names the API uses, so problem details and form fields can both point at them.
/// </summary>
public sealed class ValidationOutcome
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> warnings = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string[]> Warnings => warnings.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void AddError(string field, string message) => Add(errors, field, message);

    public void AddWarning(string field, string message) => Add(warnings, field, message);

    public bool HasError(string field) => errors.ContainsKey(field);

    /// <summary>The first error for a field, for a form field's helper text.</summary>
    public string? ErrorFor(string field) => errors.TryGetValue(field, out var list) ? string.Join(" ", list) : null;

    public string? WarningFor(string field) => warnings.TryGetValue(field, out var list) ? string.Join(" ", list) : null;

    public static ValidationOutcome Error(string field, string message)
    {
        var outcome = new ValidationOutcome();
        outcome.AddError(field, message);
        return outcome;
    }

    private static void Add(Dictionary<string, List<string>> target, string field, string message)
    {
        if (!target.TryGetValue(field, out var list))
        {
            target[field] = list = [];
        }

        list.Add(message);
    }
}
