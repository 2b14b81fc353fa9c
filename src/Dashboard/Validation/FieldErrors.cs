using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Validation;

/// <summary>
/// What is wrong with a request, per field, in the order found: the one shape services, pages and APIs share. Field
/// names are the camel-case JSON paths the API uses (<c>sunsetAt</c>, <c>events[3].count</c>, <c>audience.apiVersionFrom</c>;
/// an empty name is the request as a whole), so a problem response and a form field can both point at them. Nothing
/// was stored when a service answers a non-empty instance.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after what it holds for callers; the dictionary view only lets pages and serializers read it.")]
public sealed class FieldErrors : IReadOnlyDictionary<string, string[]>
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);
    private readonly int maxFields;

    public FieldErrors()
        : this(int.MaxValue)
    {
    }

    /// <summary>Keeps at most <paramref name="maxFields"/> fields, so a batch with thousands of bad items still gets a readable answer.</summary>
    public FieldErrors(int maxFields)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFields, 1);
        this.maxFields = maxFields;
    }

    public static FieldErrors None => new();

    /// <summary>Every message added, including those beyond the field limit.</summary>
    public int ProblemCount { get; private set; }

    /// <summary>True when some messages were not kept because of the field limit.</summary>
    public bool IsTruncated => ProblemCount > errors.Values.Sum(m => m.Length);

    public bool IsEmpty => ProblemCount == 0;

    public int Count => errors.Count;

    public IEnumerable<string> Keys => errors.Keys;

    public IEnumerable<string[]> Values => errors.Values;

    public string[] this[string key] => errors[key];

    public static FieldErrors Of(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentException.ThrowIfNullOrEmpty(message);
        ProblemCount++;
        if (errors.TryGetValue(field, out var messages))
        {
            errors[field] = [.. messages, message];
        }
        else if (errors.Count < maxFields)
        {
            errors.Add(field, [message]);
        }
    }

    public void Add(FieldErrors other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (field, messages) in other.errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    public bool Has(string field) => errors.ContainsKey(field);

    /// <summary>The field's messages as one sentence, for a form field's error text; null when the field is fine.</summary>
    public string? For(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>Every message in order, for a single alert or snackbar; the messages already name their field in words.</summary>
    public string Describe() => string.Join(" ", errors.SelectMany(e => e.Value));

    /// <summary>Throws <see cref="FieldErrorsException"/> when there is anything wrong, for callers deep in a query.</summary>
    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw new FieldErrorsException(this);
        }
    }

    public bool ContainsKey(string key) => errors.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string[] value) => errors.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator() => errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
