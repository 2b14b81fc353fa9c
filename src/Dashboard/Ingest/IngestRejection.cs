using Dashboard.Api;
using Dashboard.Validation;

namespace Dashboard.Ingest;

/// <summary>Why a request was refused: the HTTP status, a reason for the live view and the problem details to answer.</summary>
public sealed record IngestRejection(int StatusCode, string Reason, string Title, string Detail, FieldErrors? Errors = null)
{
    /// <summary>A batch with thousands of bad events still gets a readable answer.</summary>
    public const int MaxReported = 100;

    /// <summary>Field errors for one batch, keeping the first <see cref="MaxReported"/> fields.</summary>
    public static FieldErrors NewErrors() => new(MaxReported);

    public static IngestRejection Invalid(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new(
            StatusCodes.Status400BadRequest,
            "validation",
            "The batch is invalid",
            errors.IsTruncated
                ? $"{errors.ProblemCount} problems; the first {MaxReported} are listed. Nothing was stored."
                : "Nothing was stored; fix the listed fields and send the batch again.",
            errors);
    }

    public static IngestRejection Invalid(string field, string message) => Invalid(FieldErrors.Of(field, message));

    public static IngestRejection TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "too-large", "The batch is too large", detail);

    public IResult ToResult() => Errors is null
        ? Results.Problem(title: Title, detail: Detail, statusCode: StatusCode)
        : Errors.ToProblem(title: Title, detail: Detail, statusCode: StatusCode);
}
