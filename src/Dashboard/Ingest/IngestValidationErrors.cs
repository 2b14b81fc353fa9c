using Dashboard.Flags.Validation;

namespace Dashboard.Ingest;

/// <summary>Collects what is wrong with a batch, per field path (e.g. <c>events[3].count</c>), for a problem response.</summary>
public sealed class IngestValidationErrors
{
    /// <summary>A batch with thousands of bad events still gets a readable answer.</summary>
    public const int MaxReported = 100;

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool HasErrors => Count > 0;

    public void Add(string field, string message)
    {
        Count++;
        if (errors.Count >= MaxReported && !errors.ContainsKey(field))
        {
            return;
        }

        if (!errors.TryGetValue(field, out var messages))
        {
            messages = [];
            errors.Add(field, messages);
        }

        messages.Add(message);
    }

    /// <summary>Checks a key field (<see cref="TextRules.KeyProblem"/>): length, no control or invisible characters. Returns false when it was refused.</summary>
    public bool CheckKey(string field, string? value, int maxLength)
    {
        if (TextRules.KeyProblem(value, maxLength) is { } problem)
        {
            Add(field, problem);
            return false;
        }

        return true;
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
