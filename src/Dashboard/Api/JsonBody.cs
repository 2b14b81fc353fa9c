using System.Text.Json;
using Dashboard.Validation;

namespace Dashboard.Api;

/// <summary>Reads a JSON request body, turning malformed JSON into a problem that names the broken path instead of a bare 400.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(
                title: "Unsupported content type",
                detail: "Send the body as application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(options, cancellationToken);
            return value is null
                ? (null, FieldErrors.Of("body", "The body must be a JSON object.").ToProblem())
                : (value, null);
        }
        catch (JsonException exception)
        {
            var path = string.IsNullOrEmpty(exception.Path) ? "body" : exception.Path.TrimStart('$', '.');
            return (null, FieldErrors.Of(path.Length == 0 ? "body" : path, $"The JSON could not be read here: {FirstSentence(exception.Message)}")
                .ToProblem(title: "The request body is not valid JSON for this endpoint"));
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
