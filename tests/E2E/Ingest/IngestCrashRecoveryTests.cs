using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E.Ingest;

/// <summary>
/// Durability of ingest under a crash: several clients send batches, the app is killed with SIGKILL mid-load and
/// restarted, and clients retry every unacknowledged batch with its idempotency key until it is acknowledged. Folds are
/// paced three seconds apart, so the kill finds answered batches that are only in the ingest journal.
/// </summary>
public sealed class IngestCrashRecoveryTests
{
    private const string DemoApiKey = "sdl_demo_8d3f2a61c9b04e7d95a1f0c2b6e4d873";
    private const int Clients = 4;
    private const int BatchesPerClient = 40;
    private const int EventsPerBatch = 50;

    [Fact]
    public async Task KillDashNineMidLoad_ThenRetryUnacknowledged_StoresExactlyTheAcknowledgedTotals()
    {
        await using var app = await SundialProcess.StartAsync(new SundialProcessOptions
        {
            Environment = new Dictionary<string, string> { ["Ingest__FoldInterval"] = "00:00:03" },
        });
        var run = "crash-" + Guid.NewGuid().ToString("N")[..6];
        var acknowledged = 0;
        var failedAttempts = 0;
        var acknowledgedEvaluations = new long[Clients];
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var killed = new TaskCompletionSource();

        async Task ClientAsync(int client)
        {
            var random = new Random(client);
            for (var batch = 0; batch < BatchesPerClient; batch++)
            {
                var counts = Enumerable.Range(0, EventsPerBatch).Select(_ => random.Next(1, 6)).ToArray();
                var body = JsonSerializer.Serialize(new
                {
                    events = counts.Select((count, i) => new
                    {
                        flagKey = "use-new-response-format",
                        variation = i % 2,
                        consumer = $"{run}-c{client}",
                        apiVersion = $"2.{i % 7}.0",
                        clientType = "server",
                        count,
                    }),
                });
                var idempotencyKey = $"{run}-{client}-{batch}";
                while (!await TrySendAsync(http, body, idempotencyKey))
                {
                    Interlocked.Increment(ref failedAttempts);
                    await Task.Delay(100);
                }

                acknowledgedEvaluations[client] += counts.Sum();
                if (Interlocked.Increment(ref acknowledged) == Clients * BatchesPerClient / 4)
                {
                    // A quarter of the way in, with the other clients' requests in flight: crash the app.
                    _ = Task.Run(async () =>
                    {
                        await app.KillAsync();
                        killed.SetResult();
                        await app.RestartAsync();
                    });
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(ClientAsync));

        Assert.True(killed.Task.IsCompleted, "The app was never killed.");
        Assert.True(failedAttempts > 0, "No request failed, so the crash did not hit in-flight load.");
        Assert.Contains("were not yet folded when the app stopped", app.Output, StringComparison.Ordinal);
        // Counts show once the last batches are folded (at most one fold interval after they were answered).
        var expected = acknowledgedEvaluations.Sum();
        var stored = await Eventually.ValueAsync(
            () => StoredEvaluations.SumAsync(
                app.DatabasePath,
                "SELECT COALESCE(SUM(r.Count), 0) FROM EvaluationRollups r JOIN Consumers c ON c.Id = r.ConsumerId WHERE substr(c.Key, 1, length(@run)) = @run",
                ("@run", run)),
            sum => sum == expected);
        var batches = await StoredEvaluations.SumAsync(
            app.DatabasePath, "SELECT COUNT(*) FROM IngestBatches WHERE instr(IdempotencyKey, @run) > 0", ("@run", run));
        Assert.Equal(expected, stored);
        Assert.Equal(Clients * BatchesPerClient, batches);
    }

    /// <summary>True when the batch was acknowledged (202); false for anything a client should retry.</summary>
    private static async Task<bool> TrySendAsync(HttpClient http, string body, string idempotencyKey)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evaluations") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DemoApiKey);
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await http.SendAsync(request);
            Assert.True(
                response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
                $"Unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // Connection refused or reset while the app is down.
            return false;
        }
    }
}
