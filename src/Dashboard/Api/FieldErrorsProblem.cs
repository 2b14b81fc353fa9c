using Dashboard.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Api;

/// <summary>
/// The one conversion from <see cref="FieldErrors"/> to HTTP: <c>application/problem+json</c>, 400 unless told
/// otherwise, with <c>errors</c> keyed by field as the request named them. Every endpoint answers bad input through it.
/// </summary>
public static class FieldErrorsProblem
{
    public static ProblemHttpResult ToProblem(
        this FieldErrors errors,
        string? title = null,
        string? detail = null,
        int statusCode = StatusCodes.Status400BadRequest,
        IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
        {
            Title = title ?? "One or more validation errors occurred.",
            Detail = detail,
            Status = statusCode,
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult ToProblem(this FieldErrorsException exception, string? title = null, string? detail = null) =>
        (exception ?? throw new ArgumentNullException(nameof(exception))).Errors.ToProblem(title, detail);
}
