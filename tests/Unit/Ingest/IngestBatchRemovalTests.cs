using System.Globalization;
using System.Net;
using System.Security.Claims;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>
/// Finding and removing a bad ingest request over the real pipeline (journal, fold, SQLite): exactly its counts leave
/// the rollups, once, by an admin, within <c>Ingest:RemovableBatchHours</c>.
/// </summary>
public sealed class IngestBatchRemovalTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    private static readonly DateTimeOffset At = IngestAppFactory.Now.AddMinutes(-10);

    [Fact]
    public async Task Remove_OneOfTwoRequests_LeavesTheRollupsAsTheOtherAlone_AndAReplayStaysUncounted()
    {
        var client = await factory.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var (shared, onlyBad, discovered) = ("shared-" + run, "bad-" + run, "nope-" + run);
        var bad = Batch(
            Event(consumer: shared, variation: 1, count: 999, timestamp: At),
            Event(consumer: onlyBad, variation: 0, count: 40, timestamp: At),
            Event(flagKey: discovered, variation: 9, consumer: shared, count: 5, timestamp: At));
        await PostAsync(client, bad, "bad-" + run);
        await PostAsync(client, Batch(Event(consumer: shared, variation: 1, count: 7, timestamp: At)), "good-" + run);
        var both = await ReadCountsAsync(run);
        Assert.Contains((shared, IngestAppFactory.KnownFlag, 1, 1006L), both.Rollups);

        var found = Assert.Single(await WithUser(DashboardRoles.Admin).SearchAsync("bad-" + run));
        Assert.Equal((3, 1044L, true), (found.EventCount, found.TotalCount, found.CanRemove));
        Assert.Equal("production ingest", found.KeyName);
        var (removed, errors) = await WithUser(DashboardRoles.Admin).RemoveAsync(found.BatchId);

        Assert.True(errors.IsEmpty, string.Join(" ", errors.Values.SelectMany(m => m)));
        Assert.Equal(1044, removed);
        var after = await ReadCountsAsync(run);
        Assert.Equal([(shared, IngestAppFactory.KnownFlag, 1, 7L)], after.Rollups);
        Assert.Equal([(shared, IngestAppFactory.KnownFlag, 7L)], after.States);
        await using (var db = await factory.CreateDbContextAsync())
        {
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == IngestBatchRemoval.RemovedAction && a.EntityId == found.BatchId.ToString(CultureInfo.InvariantCulture));
            Assert.Equal("admin@example.com", audit.Actor);
            Assert.Contains("1,044 evaluations", audit.Summary, StringComparison.Ordinal);
        }

        // The sender retries the bad request: still a replay, still not counted.
        using var replay = await client.SendAsync(Native(IngestAppFactory.ProductionKey, bad, "bad-" + run));
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(after, await ReadCountsAsync(run));
        var listed = Assert.Single(await WithUser(DashboardRoles.Admin).SearchAsync("bad-" + run));
        Assert.Equal(("admin@example.com", false), (listed.RemovedBy, listed.CanRemove));
    }

    [Fact]
    public async Task Remove_Twice_IsRefused_AndSubtractsNothingMore()
    {
        var client = await factory.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        await PostAsync(client, Batch(Event(consumer: "twice-" + run, count: 5, timestamp: At)), "twice-" + run);
        await PostAsync(client, Batch(Event(consumer: "twice-" + run, count: 5, timestamp: At)), "other-" + run);
        var batch = await FoldedRequestAsync("twice-" + run);
        Assert.True((await WithUser(DashboardRoles.Admin).RemoveAsync(batch.BatchId)).Errors.IsEmpty);

        var (removed, errors) = await WithUser(DashboardRoles.Admin).RemoveAsync(batch.BatchId);

        Assert.Equal(0, removed);
        Assert.Equal(["batch"], errors.Keys);
        Assert.StartsWith("This request's counts were already removed by admin@example.com", errors["batch"].Single(), StringComparison.Ordinal);
        Assert.Equal([("twice-" + run, IngestAppFactory.KnownFlag, 1, 5L)], (await ReadCountsAsync(run)).Rollups);
    }

    [Theory]
    [InlineData(DashboardRoles.Viewer)]
    [InlineData(DashboardRoles.Editor)]
    public async Task Remove_ByANonAdmin_IsRefused_AndNothingChanges(string role)
    {
        var client = await factory.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        await PostAsync(client, Batch(Event(consumer: "role-" + run, count: 5, timestamp: At)), "role-" + run);
        var batch = await FoldedRequestAsync("role-" + run);

        var (removed, errors) = await WithUser(role).RemoveAsync(batch.BatchId);

        Assert.Equal(0, removed);
        Assert.Equal(["role"], errors.Keys);
        Assert.Equal([("role-" + run, IngestAppFactory.KnownFlag, 1, 5L)], (await ReadCountsAsync(run)).Rollups);
        await using var db = await factory.CreateDbContextAsync();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == IngestBatchRemoval.RemovedAction && a.EntityId == batch.BatchId.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Search_FindsALaunchDarklyRequestByItsPayloadId()
    {
        var client = await factory.StartAsync();
        var payloadId = Guid.NewGuid().ToString();
        var json = System.Text.Json.JsonSerializer.Serialize(new object[]
        {
            new
            {
                kind = "feature", key = IngestAppFactory.KnownFlag, variation = 1, value = true, creationDate = At.ToUnixTimeMilliseconds(),
                context = new { kind = "user", key = "ld-" + payloadId[..8] },
            },
        });
        using var response = await client.SendAsync(LaunchDarklyEvents(IngestAppFactory.SdkKey, json, payloadId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await (await factory.CreateDbContextAsync()).DisposeAsync();

        var found = Assert.Single(await WithUser(DashboardRoles.Admin).SearchAsync(payloadId));

        Assert.Equal(("ld:" + payloadId, "launchdarkly", 1L), (found.IdempotencyKey, found.Origin, found.TotalCount));
    }

    [Fact]
    public async Task Remove_AfterTheWindow_IsRefusedWithTheSetting()
    {
        await using var own = new IngestAppFactory();
        var client = await own.StartAsync();
        await PostAsync(client, Batch(Event(consumer: "late", count: 5, timestamp: At)), "late");
        var batch = Assert.Single(await WithUser(DashboardRoles.Admin, own).SearchAsync("late"));
        own.Clock.Advance(TimeSpan.FromHours(25));

        var (removed, errors) = await WithUser(DashboardRoles.Admin, own).RemoveAsync(batch.BatchId);

        Assert.Equal(0, removed);
        Assert.Equal(
            "This request was received more than 24 hours ago (Ingest:RemovableBatchHours); its own counts are no longer kept, so they cannot be removed.",
            errors["batch"].Single());
        await using var db = await own.CreateDbContextAsync();
        Assert.Equal(5, await db.EvaluationRollups.SumAsync(r => r.Count));
    }

    private static async Task PostAsync(HttpClient client, object body, string key)
    {
        using var response = await client.SendAsync(Native(IngestAppFactory.ProductionKey, body, key));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private IngestBatchRemoval WithUser(string role) => WithUser(role, factory);

    // A request is listed once the folder has written it into the rollups; the test posts and searches at once.
    private async Task<RecentIngestRequest> FoldedRequestAsync(string key)
    {
        IReadOnlyList<RecentIngestRequest> found = [];
        await Eventually.UntilAsync(
            async () => (found = await WithUser(DashboardRoles.Admin).SearchAsync(key)).Count == 1,
            () => $"request '{key}' folded and listed once (found {found.Count})");
        return found[0];
    }

    /// <summary>The service as a signed-in user of that role sees it in the UI.</summary>
    private static IngestBatchRemoval WithUser(string role, IngestAppFactory app)
    {
        var scope = app.Services.CreateScope();
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role.ToLowerInvariant() + "@example.com"), new Claim(ClaimTypes.Role, role)], "Test");
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        return scope.ServiceProvider.GetRequiredService<IngestBatchRemoval>();
    }

    private sealed record Counts(List<(string Consumer, string Flag, int Variation, long Count)> Rollups, List<(string Consumer, string Flag, long Total)> States)
    {
        public bool Equals(Counts? other) => other is not null && Rollups.SequenceEqual(other.Rollups) && States.SequenceEqual(other.States);

        public override int GetHashCode() => Rollups.Count;
    }

    /// <summary>Rollup and latest-state counts of this test's consumers, per consumer, flag and variation.</summary>
    private async Task<Counts> ReadCountsAsync(string run)
    {
        await using var db = await factory.CreateDbContextAsync();
        var rollups = (await db.EvaluationRollups.AsNoTracking()
                .Join(db.Consumers.Where(c => c.Key.EndsWith(run)), r => r.ConsumerId, c => c.Id, (r, c) => new { r, c.Key })
                .Join(db.Flags, x => x.r.FlagId, f => f.Id, (x, f) => new { Consumer = x.Key, Flag = f.Key, x.r.VariationIndex, x.r.Count })
                .ToListAsync())
            .GroupBy(x => (x.Consumer, x.Flag, x.VariationIndex))
            .Select(g => (g.Key.Consumer, g.Key.Flag, g.Key.VariationIndex, g.Sum(x => x.Count)))
            .OrderBy(x => x.Consumer).ThenBy(x => x.Flag).ThenBy(x => x.VariationIndex).ToList();
        var states = (await db.ConsumerFlagStates.AsNoTracking()
                .Join(db.Consumers.Where(c => c.Key.EndsWith(run)), s => s.ConsumerId, c => c.Id, (s, c) => new { s, c.Key })
                .Join(db.Flags, x => x.s.FlagId, f => f.Id, (x, f) => new { Consumer = x.Key, Flag = f.Key, x.s.TotalCount })
                .ToListAsync())
            .GroupBy(x => (x.Consumer, x.Flag))
            .Select(g => (g.Key.Consumer, g.Key.Flag, g.Sum(x => x.TotalCount)))
            .OrderBy(x => x.Consumer).ThenBy(x => x.Flag).ToList();
        return new Counts(rollups, states);
    }
}
