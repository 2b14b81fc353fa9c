using System.Collections.Concurrent;
using System.Text.Json;
using Dashboard.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Unit.Client;

/// <summary>
/// A stand-in for Sundial on real Kestrel: takes evaluation batches and answers policies, and can be stopped,
/// restarted on the same port, made to fail or made slow.
/// </summary>
public sealed class FakeSundial : IAsyncDisposable
{
    private WebApplication? app;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public ConcurrentQueue<EvaluationEvent> Received { get; } = new();

    public long ReceivedCount => Received.Sum(e => e.Count);

    public ProviderPolicy Policy { get; set; } = ProviderPolicy.None;

    public TimeSpan PolicyDelay { get; set; }

    /// <summary>The Idempotency-Key of every evaluation batch attempt, in order (null when the attempt sent none).</summary>
    public ConcurrentQueue<string?> IdempotencyKeys { get; } = new();

    /// <summary>Evaluation batch attempts still to answer 503 (without taking the events), as an overloaded Sundial would.</summary>
    public int FailingEvaluationAttempts { get; set; }

    public int PolicyCalls => Volatile.Read(ref policyCalls);

    private int policyCalls;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{Port}");
        app = builder.Build();
        app.MapPost("/api/v1/evaluations", async (HttpRequest request) =>
        {
            IdempotencyKeys.Enqueue(request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null);
            if (FailingEvaluationAttempts > 0)
            {
                FailingEvaluationAttempts--;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var batch = await request.ReadFromJsonAsync<EvaluationBatch>(JsonSerializerOptions.Web);
            foreach (var evaluation in batch!.Events)
            {
                Received.Enqueue(evaluation);
            }

            return Results.Accepted(value: new { accepted = batch.Events.Count });
        });
        app.MapGet("/api/v1/policy", async (HttpResponse response, CancellationToken cancellationToken) =>
        {
            Interlocked.Increment(ref policyCalls);
            await Task.Delay(PolicyDelay, cancellationToken);
            response.Headers.CacheControl = "private, max-age=60";
            response.Headers.ETag = "\"v1\"";
            return Results.Json(Policy, JsonSerializerOptions.Web);
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
    }

    /// <summary>Takes Sundial away: connections to its port are refused until <see cref="StartAsync"/> runs again.</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public static ProviderPolicy Affected(string state, bool refuse) => new(
        state, Affected: true, refuse,
        new PolicyHeaders("@1688169599", "Sun, 30 Jun 2024 23:59:59 GMT", ["<https://docs.example.com/v2>; rel=\"deprecation\"; type=\"text/html\"", "<https://docs.example.com/v2>; rel=\"sunset\""]),
        new PolicyPlanInfo("Retire v1", new DateTimeOffset(2024, 6, 30, 23, 59, 59, TimeSpan.Zero), "https://docs.example.com/v2"));
}
