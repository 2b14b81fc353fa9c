using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Dashboard.LoadDriver;
using Microsoft.Data.Sqlite;

// Load driver for evaluation ingest (issue 4). Runs the raw SQLite baseline in-process, starts the app (or uses
// --url), posts the same events over HTTP at full speed, then at half that rate for latency, and prints the numbers.
var options = DriverOptions.Parse(args);
var workDirectory = Path.Combine(Path.GetTempPath(), "sundial-load-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(workDirectory);
var scenario = new LoadScenario(options.Events / LoadScenario.BatchSize, seed: 20260310);
var now = DateTimeOffset.UtcNow;
var hourStart = now.ToUnixTimeSeconds() / 3600 * 3600;
Console.WriteLine($"Scenario: {options.Events:N0} events in batches of {LoadScenario.BatchSize:N0}; {LoadScenario.Consumers:N0} consumers × {LoadScenario.Versions} versions × {LoadScenario.Flags} flags; {options.Concurrency} concurrent senders.");

var rawRate = await RawBaseline.RunAsync(Path.Combine(workDirectory, "raw.db"), scenario, hourStart);
Console.WriteLine($"Raw SQLite baseline: {rawRate:N0} events/s");

var bodies = Enumerable.Range(0, scenario.Batches.Length).Select(b => scenario.Body(b, now)).ToArray();
using var app = options.Url is null ? AppProcess.Start(options.AppPath, Path.Combine(workDirectory, "app.db")) : null;
var baseUrl = options.Url ?? app!.BaseUrl;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
await WaitForHealthAsync(http);
var apiKey = options.ApiKey ?? CreateApiKey(Path.Combine(workDirectory, "app.db"));

var peakWorkingSet = 0L;
using var sampler = new Timer(_ =>
{
    if (app?.WorkingSet() is { } bytes)
    {
        Interlocked.Exchange(ref peakWorkingSet, Math.Max(Interlocked.Read(ref peakWorkingSet), bytes));
    }
}, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

// Warm-up: JIT, connection pool, caches; not measured.
for (var i = 0; i < 20; i++)
{
    await PostAsync(http, apiKey, scenario.Body(i, now), "warmup-" + i);
}

var next = -1;
var stopwatch = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
{
    int batch;
    while ((batch = Interlocked.Increment(ref next)) < bodies.Length)
    {
        await PostAsync(http, apiKey, bodies[batch], "peak-" + batch);
    }
}));
stopwatch.Stop();
var httpRate = bodies.Length * (double)LoadScenario.BatchSize / stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"HTTP ingest: {httpRate:N0} events/s ({stopwatch.Elapsed.TotalSeconds:F1} s for {options.Events:N0} events)");

// Answered means journaled; the counts reach the rollups with the folds that follow. Time until all of them show.
var databasePath = Path.Combine(workDirectory, "app.db");
var peakExpected = (20L + bodies.Length) * LoadScenario.BatchSize;
var visible = options.Url is null ? await WaitForStoredAsync(databasePath, peakExpected) : (TimeSpan?)null;
var endToEndRate = visible is { } v ? bodies.Length * (double)LoadScenario.BatchSize / (stopwatch.Elapsed + v).TotalSeconds : 0;
if (visible is { } shown)
{
    Console.WriteLine($"All counts in the rollups {shown.TotalSeconds:F1} s after the last answer: {endToEndRate:N0} events/s end to end");
}

// Latency at half the peak rate, open loop: requests start on schedule whether or not earlier ones have finished.
var halfRateBatchesPerSecond = httpRate / 2 / LoadScenario.BatchSize;
var latencyBatches = Math.Min(bodies.Length, (int)Math.Max(100, halfRateBatchesPerSecond * 20));
var interval = TimeSpan.FromSeconds(1 / halfRateBatchesPerSecond);
var latencies = new double[latencyBatches];
var schedule = Stopwatch.StartNew();
var sends = new List<Task>(latencyBatches);
for (var i = 0; i < latencyBatches; i++)
{
    var due = interval * i;
    if (due > schedule.Elapsed)
    {
        await Task.Delay(due - schedule.Elapsed);
    }

    var index = i;
    sends.Add(Task.Run(async () =>
    {
        var started = Stopwatch.GetTimestamp();
        await PostAsync(http, apiKey, bodies[index], "latency-" + index);
        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }));
}

await Task.WhenAll(sends);
Array.Sort(latencies);
var p50 = latencies[(int)(latencies.Length * 0.50)];
var p99 = latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(latencies.Length * 0.99) - 1)];
var finalWorkingSet = app?.WorkingSet() ?? 0;
Console.WriteLine($"Latency at {halfRateBatchesPerSecond * LoadScenario.BatchSize:N0} events/s ({latencyBatches} batches): p50 {p50:F0} ms, p99 {p99:F0} ms");

var expected = (20L + bodies.Length + latencyBatches) * LoadScenario.BatchSize;
if (options.Url is null)
{
    await WaitForStoredAsync(databasePath, expected);
}

var stored = options.Url is null ? CountStored(databasePath) : -1;

Console.WriteLine();
Console.WriteLine("| measure | value | goal |");
Console.WriteLine("|---|---:|---|");
Console.WriteLine($"| raw SQLite upserts (in-process) | {rawRate:N0} events/s | |");
Console.WriteLine($"| HTTP ingest, {options.Concurrency} senders | {httpRate:N0} events/s | ≥ 100,000 |");
Console.WriteLine($"| HTTP / raw | {httpRate / rawRate:P0} | ≥ 50 % |");
if (visible is { } visibleAfter)
{
    Console.WriteLine($"| all counts in the rollups after the last answer | {visibleAfter.TotalSeconds:F1} s | |");
    Console.WriteLine($"| end to end (answered and folded) | {endToEndRate:N0} events/s | |");
}

Console.WriteLine($"| app working set, peak / end | {peakWorkingSet / 1048576.0:N0} MB / {finalWorkingSet / 1048576.0:N0} MB | < 400 MB |");
Console.WriteLine($"| 1,000-event batch latency at half peak, p50 / p99 | {p50:F0} ms / {p99:F0} ms | p99 < 250 ms |");
if (stored >= 0)
{
    Console.WriteLine($"| evaluations stored / sent | {stored:N0} / {expected:N0} | equal |");
}

app?.Stop();
try
{
    Directory.Delete(workDirectory, recursive: true);
}
catch (IOException)
{
    Console.Error.WriteLine($"Could not delete {workDirectory}.");
}

return stored < 0 || stored == expected ? 0 : 1;

static async Task PostAsync(HttpClient http, string apiKey, byte[] body, string idempotencyKey)
{
    for (var attempt = 0; ; attempt++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evaluations") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            return;
        }

        if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && attempt < 100)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            continue;
        }

        throw new InvalidOperationException($"Batch {idempotencyKey}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task WaitForHealthAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            using var response = await http.GetAsync("/health");
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The app did not become healthy within 60 s.");
}

static string CreateApiKey(string databasePath)
{
    var secret = "sdl_load_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    using var connection = new SqliteConnection($"Data Source={databasePath}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText =
        "INSERT INTO ApiKeys (Name, EnvironmentId, Prefix, SecretHash, Scopes, CreatedAt) " +
        "VALUES ('load driver', (SELECT Id FROM Environments WHERE IsDefault = 1), @prefix, @hash, 1, @now)";
    command.Parameters.AddWithValue("@prefix", secret[..12]);
    command.Parameters.AddWithValue("@hash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    command.Parameters.AddWithValue("@now", DateTime.UtcNow);
    command.ExecuteNonQuery();
    return secret;
}

// Polls the stored total until it reaches what was answered (or stops at two minutes); returns how long that took.
static async Task<TimeSpan?> WaitForStoredAsync(string databasePath, long expected)
{
    var waited = Stopwatch.StartNew();
    while (waited.Elapsed < TimeSpan.FromMinutes(2))
    {
        if (CountStored(databasePath) >= expected)
        {
            return waited.Elapsed;
        }

        await Task.Delay(50);
    }

    return null;
}

static long CountStored(string databasePath)
{
    using var connection = new SqliteConnection($"Data Source={databasePath}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COALESCE(SUM(Count), 0) FROM EvaluationRollups";
    return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
}
