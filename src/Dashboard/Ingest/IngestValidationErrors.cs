using System.Globalization;

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

    /// <summary>Checks a string field: length, no control characters. Returns false when it was refused.</summary>
    public bool CheckText(string field, string? value, int maxLength)
    {
        if (TextProblem(value, maxLength) is { } problem)
        {
            Add(field, problem);
            return false;
        }

        return true;
    }

    /// <summary>What is wrong with a string field, or null when it is fine (so a caller builds the field's name only for a bad one).</summary>
    public static string? TextProblem(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters long");
        }

        return value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0
            ? "must not contain control characters"
            : null;
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
