using System.Net;
using Dashboard.Ingest;
using Microsoft.EntityFrameworkCore;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>
/// The single writer and the folder: group commit into the journal, answering only after that commit, counts folded into
/// the rollups independently of answering, and backpressure when the inbox is full.
/// </summary>
public sealed class IngestWriterTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    [Fact]
    public async Task RequestsArrivingWhileACommitRuns_AreCommittedTogether_AndEachAnsweredAfterItsCommit()
    {
        var client = await factory.StartAsync();
        var metrics = factory.Services.GetRequiredService<IngestMetrics>();
        var inbox = factory.Services.GetRequiredService<IngestInbox>();
        await WarmUpAsync(client);
        var commitsBefore = metrics.Snapshot(0).Commits;
        int batchesBefore;
        await using (var db0 = await factory.CreateDbContextAsync())
        {
            batchesBefore = await db0.IngestBatches.CountAsync();
        }

        Task<HttpResponseMessage>[] sends;
        await using (await SqliteWriteLock.OnJournalAsync(factory))
        {
            sends = Enumerable.Range(0, 20)
                .Select(i => client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "group-" + i, count: i + 1)))))
                .ToArray();
            await Eventually.UntilAsync(() => inbox.Pending == 20, () => $"20 batches pending in the ingest writer (got {inbox.Pending})");
            // The journal is locked, so nothing can have been committed, and no request may have been answered.
            Assert.DoesNotContain(sends, s => s.IsCompleted);
        }

        var responses = await Task.WhenAll(sends);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        // The writer took what had arrived (and waited on the lock with it); everything that queued meanwhile went in one more commit.
        Assert.InRange(metrics.Snapshot(0).Commits - commitsBefore, 1, 2);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(20 * 21 / 2, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key.StartsWith("group-"))).SumAsync(r => r.Count));
        Assert.Equal(batchesBefore + 20, await db.IngestBatches.CountAsync());
    }

    [Fact]
    public async Task WhileTheDashboardDatabaseIsLocked_RequestsAreStillAnswered_AndTheirCountsShowOnceItIsFree()
    {
        var client = await factory.StartAsync();
        var folder = factory.Services.GetRequiredService<IngestFolder>();
        await WarmUpAsync(client);

        HttpResponseMessage[] responses;
        await using (await SqliteWriteLock.OnDashboardAsync(factory))
        {
            responses = await Task.WhenAll(Enumerable.Range(0, 5)
                .Select(i => client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "locked-" + i, count: 10))))));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            // Answered from the journal; the fold into the rollups waits for the lock.
            Assert.False(folder.WhenFoldedAsync(CancellationToken.None).IsCompleted);
            await using var reader = await factory.Services.GetRequiredService<IDbContextFactory<Dashboard.Data.DashboardDbContext>>().CreateDbContextAsync();
            Assert.False(await reader.Consumers.AnyAsync(c => c.Key.StartsWith("locked-")));
        }

        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(50, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key.StartsWith("locked-"))).SumAsync(r => r.Count));
    }

    [Fact]
    public async Task ReplaysOfARequestNotYetFolded_AreAnsweredFromTheJournal_AndCountOnce()
    {
        var client = await factory.StartAsync();
        var folder = factory.Services.GetRequiredService<IngestFolder>();
        await WarmUpAsync(client);
        var consumer = "journal-replay-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        var batch = Batch(Event(consumer: consumer, count: 3));

        HttpResponseMessage first, replay, conflict;
        await using (await SqliteWriteLock.OnDashboardAsync(factory))
        {
            first = await client.SendAsync(Native(IngestAppFactory.ProductionKey, batch, key));
            // Not folded yet: the key is known only to the journal.
            Assert.False(folder.WhenFoldedAsync(CancellationToken.None).IsCompleted);
            replay = await client.SendAsync(Native(IngestAppFactory.ProductionKey, batch, key));
            conflict = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: consumer, count: 4)), key));
        }

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(3, await db.EvaluationRollups.Where(r => db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == consumer)).SumAsync(r => r.Count));
        Assert.Equal(1, await db.IngestBatches.CountAsync(b => b.IdempotencyKey.EndsWith(":" + key) && b.JournalId != null));
    }

    [Fact]
    public async Task FullInbox_Answers503WithRetryAfter_AndTheQueuedRequestsStillCommit()
    {
        await using var small = new IngestAppFactory { Settings = { ["Ingest:QueueCapacity"] = "1", ["Ingest:RetryAfterSeconds"] = "7" } };
        var client = await small.StartAsync();
        var inbox = small.Services.GetRequiredService<IngestInbox>();
        await WarmUpAsync(client);
        Task<HttpResponseMessage> first, second;
        await using (await SqliteWriteLock.OnJournalAsync(small))
        {
            first = client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "first"))));
            // The writer has taken the first request and waits for the lock; the second fills the inbox.
            await Eventually.UntilAsync(() => inbox.Pending == 1 && inbox.Count == 0, () => $"the ingest writer to take the batch (pending {inbox.Pending}, queued {inbox.Count})");
            second = client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "second"))));
            await Eventually.UntilAsync(() => inbox.Count == 1, () => $"the batch back in the ingest writer's queue (queued {inbox.Count})");

            using var third = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "third"))));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
            Assert.Equal("7", third.Headers.GetValues("Retry-After").Single());
            Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await second).StatusCode);
        await using var db = await small.CreateDbContextAsync();
        Assert.Equal(["first", "second"], await db.Consumers.Where(c => c.Key == "first" || c.Key == "second" || c.Key == "third").OrderBy(c => c.Key).Select(c => c.Key).ToListAsync());
    }

    [Fact]
    public async Task KeyPastItsRate_Gets429WithRetryAfter()
    {
        await using var limited = new IngestAppFactory { Settings = { ["Ingest:RateLimitPerSecond"] = "1", ["Ingest:RateLimitBurst"] = "2" } };
        var client = await limited.StartAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4 && refused is null; i++)
        {
            var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "rate-" + i))));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], statuses.Take(2));
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Another key has its own budget.
        using var other = await client.SendAsync(Native(IngestAppFactory.PartnerKey, Batch(Event(flagKey: "partner-flag", consumer: "p"))));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    /// <summary>The first use of a key records "last used" (a write); done before the lock so only the writer waits on it.</summary>
    private static async Task WarmUpAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, Batch(Event(consumer: "warm-up"))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
