using System.Diagnostics;
using System.Globalization;
using Dashboard.Analytics;
using Dashboard.AnalyticsBench;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// Usage: dotnet run -c Release --project bench/Dashboard.AnalyticsBench [-- <database path> [iterations]]
var path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "sundial-bench", "analytics.db");
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
// A fixed "now" keeps the data set and the measured ranges identical between runs.
var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
var capture = new CommandCapture();
var options = new DbContextOptionsBuilder<DashboardDbContext>()
    .UseSqlite($"Data Source={path}")
    .AddInterceptors(capture)
    .Options;

if (!File.Exists(path))
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var stopwatch = Stopwatch.StartNew();
    var generated = await new BenchDatabaseGenerator(options, now).GenerateAsync();
    Console.WriteLine(FormattableString.Invariant(
        $"Generated {generated.RollupRows:N0} rollup rows ({generated.Evaluations:N0} evaluations) and {generated.StateRows:N0} state rows in {stopwatch.Elapsed.TotalSeconds:F0} s"));
}
else
{
    // Existing file: apply any new migration (e.g. added indexes) and refresh statistics.
    await using var db = new DashboardDbContext(options);
    await db.Database.MigrateAsync();
    await db.Database.ExecuteSqlRawAsync("ANALYZE;");
}

var factory = new BenchDbContextFactory(options);
int[] flagIds;
await using (var db = factory.CreateDbContext())
{
    flagIds = await db.Flags.OrderBy(f => f.Id).Select(f => f.Id).ToArrayAsync();
    Console.WriteLine(FormattableString.Invariant(
        $"Database: {await db.EvaluationRollups.LongCountAsync():N0} rollup rows, {await db.EvaluationRollups.SumAsync(r => r.Count):N0} evaluations, {await db.ConsumerFlagStates.LongCountAsync():N0} state rows, {await db.Consumers.CountAsync():N0} consumers, {flagIds.Length} flags"));
}

var adoption = new AdoptionQueries(factory);
var flagConsumers = new FlagConsumerQueries(factory);
var (from, to) = AdoptionRanges.Last(90 * 24, now.AddHours(-1), TimeZoneInfo.Utc, AdoptionGrain.Day);
var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
var (berlinFrom, berlinTo) = AdoptionRanges.Last(90 * 24, now.AddHours(-1), berlin, AdoptionGrain.Day);
var legacyFilter = new FlagConsumerFilter(LegacyOnly: true, SeenSince: now.AddDays(-30));

var cases = new (string Name, Func<int, Task> Run)[]
{
    ("Adoption chart, 90 days, day grain, by variation (UTC)", flag => adoption.ForFlagAsync(flag, new AdoptionRequest(from, to, AdoptionGrain.Day, AdoptionGroupBy.Variation), TimeZoneInfo.Utc)),
    ("Adoption chart, 90 days, day grain, by API version (UTC)", flag => adoption.ForFlagAsync(flag, new AdoptionRequest(from, to, AdoptionGrain.Day, AdoptionGroupBy.ApiVersion), TimeZoneInfo.Utc)),
    ("Adoption chart, 90 days, day grain, by variation (Europe/Berlin, crosses DST)", flag => adoption.ForFlagAsync(flag, new AdoptionRequest(berlinFrom, berlinTo, AdoptionGrain.Day, AdoptionGroupBy.Variation), berlin)),
    ("Consumers on legacy, seen in 30 days, first page of 50", flag => flagConsumers.GetPageAsync(flag, legacyFilter, FlagConsumerSort.Consumer, false, 0, 50)),
    ("Consumers on legacy, sorted by evaluations, page 3 of 50", flag => flagConsumers.GetPageAsync(flag, legacyFilter, FlagConsumerSort.Evaluations, true, 2, 50)),
};

foreach (var (name, run) in cases)
{
    for (var i = 0; i < 5; i++)
    {
        await run(flagIds[i % flagIds.Length]);
    }

    var timings = new List<double>(iterations);
    for (var i = 0; i < iterations; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        await run(flagIds[i % flagIds.Length]);
        timings.Add(stopwatch.Elapsed.TotalMilliseconds);
    }

    timings.Sort();
    Console.WriteLine(FormattableString.Invariant(
        $"{name}: p50 {Percentile(timings, 0.50):F1} ms, p95 {Percentile(timings, 0.95):F1} ms, max {timings[^1]:F1} ms ({iterations} runs)"));

    capture.Commands.Clear();
    capture.Enabled = true;
    await run(flagIds[0]);
    capture.Enabled = false;
    await ExplainAsync(path, capture.Commands);
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task ExplainAsync(string path, List<(string Sql, List<(string Name, object? Value)> Parameters)> commands)
{
    await using var connection = new SqliteConnection($"Data Source={path}");
    await connection.OpenAsync();
    foreach (var (sql, parameters) in commands)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        Console.WriteLine("  SQL: " + string.Join(" ", sql.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())));
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine("    " + reader.GetString(3));
        }
    }
}
