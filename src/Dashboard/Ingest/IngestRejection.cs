namespace Dashboard.Ingest;

/// <summary>Why a request was refused: the HTTP status, a reason for the live view and the problem details to answer.</summary>
public sealed record IngestRejection(int StatusCode, string Reason, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public static IngestRejection Invalid(IngestValidationErrors errors) => new(
        StatusCodes.Status400BadRequest,
        "validation",
        "The batch is invalid",
        errors.Count > IngestValidationErrors.MaxReported
            ? $"{errors.Count} problems; the first {IngestValidationErrors.MaxReported} are listed. Nothing was stored."
            : "Nothing was stored; fix the listed fields and send the batch again.",
        errors.ToDictionary());

    public static IngestRejection Invalid(string field, string message)
    {
        var errors = new IngestValidationErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static IngestRejection TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "too-large", "The batch is too large", detail);

    public IResult ToResult() => Errors is null
        ? Results.Problem(title: Title, detail: Detail, statusCode: StatusCode)
        : Results.ValidationProblem(Errors, title: Title, detail: Detail, statusCode: StatusCode);
}
