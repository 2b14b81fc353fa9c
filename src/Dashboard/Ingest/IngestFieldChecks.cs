using Dashboard.Flags.Validation;
using Dashboard.Validation;

namespace Dashboard.Ingest;

/// <summary>Checks ingest applies to every key field of a batch, recorded as field errors.</summary>
public static class IngestFieldChecks
{
    /// <summary>Checks a key field (<see cref="TextRules.KeyProblem"/>): length, no control or invisible characters. Returns false when it was refused.</summary>
    public static bool CheckKey(this FieldErrors errors, string field, string? value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (TextRules.KeyProblem(value, maxLength) is { } problem)
        {
            errors.Add(field, problem);
            return false;
        }

        return true;
    }
}
