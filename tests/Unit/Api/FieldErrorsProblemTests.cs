using Dashboard.Api;
using Dashboard.Validation;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Unit.Api;

public sealed class FieldErrorsProblemTests
{
    [Fact]
    public void ToProblem_FieldErrors_Is400ProblemJsonWithErrorsKeyedByFieldInOrder()
    {
        var errors = new FieldErrors();
        errors.Add("events[3].count", "must be between 1 and 1000000");
        errors.Add("audience.apiVersionFrom", "'x' is not a valid SemVer version in this environment.");
        errors.Add("events[3].count", "second message");

        var result = errors.ToProblem(title: "The batch is invalid", detail: "Nothing was stored.");

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Equal("application/problem+json", result.ContentType);
        var problem = Assert.IsType<HttpValidationProblemDetails>(result.ProblemDetails);
        Assert.Equal(("The batch is invalid", "Nothing was stored.", 400), (problem.Title, problem.Detail, problem.Status));
        Assert.Equal(["events[3].count", "audience.apiVersionFrom"], problem.Errors.Keys);
        Assert.Equal(["must be between 1 and 1000000", "second message"], problem.Errors["events[3].count"]);
    }

    [Fact]
    public void ToProblem_WithoutTitle_UsesTheStandardValidationTitleAndKeepsExtensions()
    {
        var result = FieldErrors.Of("windowDays", "windowDays must be between 1 and 365.")
            .ToProblem(statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["warnings"] = "w" });

        Assert.Equal(409, result.StatusCode);
        Assert.Equal("One or more validation errors occurred.", result.ProblemDetails.Title);
        Assert.Equal("w", result.ProblemDetails.Extensions["warnings"]);
    }

    [Fact]
    public void ToProblem_Exception_UsesItsFieldErrors()
    {
        var result = new FieldErrorsException("minApiVersion", "'one' is not a semantic version.").ToProblem();

        var problem = Assert.IsType<HttpValidationProblemDetails>(result.ProblemDetails);
        Assert.Equal(["'one' is not a semantic version."], problem.Errors["minApiVersion"]);
    }
}
