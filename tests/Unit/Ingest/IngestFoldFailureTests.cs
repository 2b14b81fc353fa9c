using System.Net;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Versions;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>When folds into the rollups keep failing, ingest still answers from the journal, and /health says so.</summary>
public sealed class IngestFoldFailureTests
{
    [Fact]
    public async Task FailingFolds_DegradeHealth_WhileRequestsAreStillAnswered()
    {
        await using var factory = new IngestAppFactory();
        var client = await factory.StartAsync();
        var folder = factory.Services.GetRequiredService<IngestFolder>();
        using (var healthy = await client.GetAsync("/health"))
        {
            Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());
        }

        // A journaled request of an environment that does not exist can never be folded (foreign key).
        var version = new RecordedVersion("1.0.0", VersionStatus.Valid, "000000001.000000000.000000000~");
        var rollups = new Dictionary<RollupKey, RollupTally>
        {
            [new RollupKey("flag-a", 0, null, "acme", "1.0.0", "server", "1.0.0", 0)] = new(version, version, IngestAppFactory.Now.UtcDateTime),
        };
        folder.Add(new JournaledBatch(1_000_000, 999, "poison", "hash", "native", null, IngestAppFactory.Now.UtcDateTime, 1, rollups, new Dictionary<(string, int), string>()));
        await Eventually.UntilAsync(() => folder.Failure is not null, "the ingest folder to report its failing fold");

        Assert.NotNull(folder.Failure);
        Assert.Contains("FOREIGN KEY", folder.Failure.Problem, StringComparison.OrdinalIgnoreCase);
        using var degraded = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("Degraded", await degraded.Content.ReadAsStringAsync());
        using var answered = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "still-answered"))));
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
    }
}
