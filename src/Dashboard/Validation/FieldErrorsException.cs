namespace Dashboard.Validation;

/// <summary>
/// <see cref="FieldErrors"/> crossing layers where a return value cannot (a filter parsed deep in a query, a campaign
/// draft checked inside a transaction). Pages show <see cref="Errors"/> on their fields; APIs answer them with
/// <see cref="Api.FieldErrorsProblem.ToProblem"/>.
/// </summary>
public sealed class FieldErrorsException : Exception
{
    public FieldErrorsException()
        : this(FieldErrors.Of(string.Empty, "The request is invalid."))
    {
    }

    public FieldErrorsException(string message)
        : this(FieldErrors.Of(string.Empty, message))
    {
    }

    public FieldErrorsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = FieldErrors.Of(string.Empty, message);
    }

    public FieldErrorsException(FieldErrors errors)
        : base((errors ?? throw new ArgumentNullException(nameof(errors))).Describe())
    {
        Errors = errors;
    }

    public FieldErrorsException(string field, string message)
        : this(FieldErrors.Of(field, message))
    {
    }

    public FieldErrors Errors { get; }
}
