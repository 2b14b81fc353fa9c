using System.Globalization;
using Dashboard.Api;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Database;

/// <summary>
/// Answers a request whose database write could not be made right now (<see cref="DatabaseFailures.IsUnavailable"/>) with
/// 503 and Retry-After — problem+json for API callers, one readable line otherwise — instead of a 500 with exception
/// details. Everything else passes through untouched.
/// </summary>
public sealed partial class DatabaseBusyMiddleware(RequestDelegate next, IOptions<DatabaseOptions> options, ILogger<DatabaseBusyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !context.Response.HasStarted)
        {
            LogUnavailable(logger, exception, context.Request.Method, context.Request.Path);
            await WriteAsync(context, options.Value.BusyTimeout);
        }
    }

    /// <summary>503 with Retry-After and a problem that names no exception; one plain line where the caller takes no JSON.</summary>
    private static async Task WriteAsync(HttpContext context, TimeSpan wait)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        // As long as the write waited.
        var retryAfterSeconds = RetryAfter.Set(context.Response, wait);
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is busy or unavailable",
                Detail = string.Create(CultureInfo.InvariantCulture, $"The database cannot take this request right now; try again after {retryAfterSeconds} s."),
            },
        });
        if (!written)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(DatabaseFailures.UnavailableMessage);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database could not take the write.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);
}
