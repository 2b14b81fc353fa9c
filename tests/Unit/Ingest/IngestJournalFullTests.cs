using System.Net;
using Dashboard.Ingest;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>A full disk under the ingest journal: batches answer 503 with Retry-After and no exception details, and /health says Degraded.</summary>
public sealed class IngestJournalFullTests
{
    [Fact]
    public async Task JournalCannotGrow_LargeBatchAnswers503WithRetryAfter_AndHealthIsDegraded()
    {
        await using var factory = new IngestAppFactory();
        var client = await factory.StartAsync();
        var journal = factory.Services.GetRequiredService<IngestJournal>();
        await journal.EnsureCreatedAsync(CancellationToken.None);
        // SQLite answers SQLITE_FULL once the file would pass max_page_count: the journal's disk is full.
        journal.WriterPragmas += $" PRAGMA max_page_count={await PageCountAsync(journal.FilePath) + 1};";
        var before = await StoredIngest.ReadAsync(factory);
        var large = Batch(Enumerable.Range(0, 2_000).Select(i => (object)Event(consumer: $"consumer-{i:D5}")).ToArray());

        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, large, "large-batch"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("exception", body, StringComparison.OrdinalIgnoreCase);
        using var health = await client.GetAsync("/health");
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
        Assert.Equal(before, await StoredIngest.ReadAsync(factory));
    }

    [Fact]
    public async Task NearlyFullDisk_SmallBatchSucceedsAfterALargeOneFailed_HealthStaysDegradedForTheWindow()
    {
        await using var factory = new IngestAppFactory();
        var client = await factory.StartAsync();
        var journal = factory.Services.GetRequiredService<IngestJournal>();
        await journal.EnsureCreatedAsync(CancellationToken.None);
        journal.WriterPragmas += $" PRAGMA max_page_count={await PageCountAsync(journal.FilePath) + 1};";
        var large = Batch(Enumerable.Range(0, 2_000).Select(i => (object)Event(consumer: $"consumer-{i:D5}")).ToArray());

        using var failed = await client.SendAsync(Native(IngestAppFactory.ProductionKey, large, "large-batch"));
        using var small = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "small")), "small-batch"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        using (var health = await client.GetAsync("/health"))
        {
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
        }

        var report = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Contains("full", report.Entries["ingest"].Description, StringComparison.OrdinalIgnoreCase);

        factory.Clock.Advance(IngestHealthCheck.RecentFailureWindow + TimeSpan.FromSeconds(1));
        using var later = await client.GetAsync("/health");
        Assert.Equal("Healthy", await later.Content.ReadAsStringAsync());
    }

    private static async Task<long> PageCountAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
