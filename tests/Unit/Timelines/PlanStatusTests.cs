using Dashboard.Auditing;
using Dashboard.Data.Entities;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class PlanStatusTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TimelineDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Start));

    [Fact]
    public async Task AdvanceAsync_AsTimePasses_MovesDraftThroughAnnouncedDeprecatedToSunset_AuditingEachMove()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Start.AddDays(10), Start.AddDays(20), p => p.AnnounceAt = Start.AddDays(5));
        var advancer = new PlanStatusAdvancer(database, new AuditLog(clock), clock);

        var seen = new List<PlanStatus>();
        foreach (var days in new[] { 1, 5, 10, 20 })
        {
            clock.SetUtcNow(new DateTimeOffset(Start.AddDays(days)));
            await advancer.AdvanceAsync();
            seen.Add(Status(plan.Id));
        }

        Assert.Equal([PlanStatus.Draft, PlanStatus.Announced, PlanStatus.Deprecated, PlanStatus.Sunset], seen);
        using var db = database.CreateDbContext();
        var history = await db.AuditEntries.Where(a => a.Action == PlanAuditActions.StatusChanged).OrderBy(a => a.Id).Select(a => new { a.Actor, a.Summary }).ToListAsync();
        Assert.Equal(["Draft → Announced by date.", "Announced → Deprecated by date.", "Deprecated → Sunset by date."], history.Select(h => h.Summary));
        Assert.All(history, h => Assert.Equal(PlanStatusAdvancer.Actor, h.Actor));
    }

    [Fact]
    public async Task AdvanceAsync_AfterAWholePeriodOffline_JumpsStraightToTheCurrentStatusOnce()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Start.AddDays(10), Start.AddDays(20));
        var advancer = new PlanStatusAdvancer(database, new AuditLog(clock), clock);
        clock.SetUtcNow(new DateTimeOffset(Start.AddDays(30)));

        var moved = await advancer.AdvanceAsync();
        var again = await advancer.AdvanceAsync();

        Assert.Equal((1, 0), (moved, again));
        Assert.Equal(PlanStatus.Sunset, Status(plan.Id));
    }

    [Fact]
    public async Task AdvanceAsync_CancelledPlan_StaysCancelled()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Start.AddDays(1), Start.AddDays(2), p => p.Status = PlanStatus.Cancelled);
        clock.SetUtcNow(new DateTimeOffset(Start.AddDays(3)));

        await new PlanStatusAdvancer(database, new AuditLog(clock), clock).AdvanceAsync();

        Assert.Equal(PlanStatus.Cancelled, Status(plan.Id));
    }

    [Fact]
    public async Task MoveAsync_CompleteBeforeSunset_IsRefused_AndAfterSunsetIsAudited()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Start.AddDays(1), Start.AddDays(2));
        var service = TimelineServices.PlanService(database, clock);

        var early = await service.MoveAsync(plan.Id, PlanStatus.Completed, "editor@example.com");
        clock.SetUtcNow(new DateTimeOffset(Start.AddDays(3)));
        var late = await service.MoveAsync(plan.Id, PlanStatus.Completed, "editor@example.com");

        Assert.Contains("past its sunset", early.Errors.For("status"), StringComparison.Ordinal);
        Assert.True(late.Succeeded);
        Assert.Equal(PlanStatus.Completed, Status(plan.Id));
        using var db = database.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == PlanAuditActions.StatusChanged && a.Actor == "editor@example.com"));
    }

    [Fact]
    public async Task MoveAsync_SettingADateDrivenStatusByHand_IsRefused()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Start.AddDays(1), Start.AddDays(2));

        var result = await TimelineServices.PlanService(database, clock).MoveAsync(plan.Id, PlanStatus.Sunset, "editor");

        Assert.False(result.Succeeded);
        Assert.Equal(PlanStatus.Draft, Status(plan.Id));
    }

    [Fact]
    public async Task MoveAsync_CancelAfterCompletion_IsRefused()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Start.AddDays(1), Start.AddDays(2), p => p.Status = PlanStatus.Completed);

        var result = await TimelineServices.PlanService(database, clock).MoveAsync(plan.Id, PlanStatus.Cancelled, "editor");

        Assert.Contains("already completed", result.Errors.For("status"), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusAt_WithoutAnnouncement_StaysDraftUntilDeprecation()
    {
        Assert.Equal(PlanStatus.Draft, PlanSchedule.StatusAt(PlanStatus.Draft, null, Start.AddDays(1), Start.AddDays(2), Start));
        Assert.Equal(PlanStatus.Deprecated, PlanSchedule.StatusAt(PlanStatus.Draft, null, Start.AddDays(1), Start.AddDays(2), Start.AddDays(1)));
    }

    private PlanStatus Status(int planId)
    {
        using var db = database.CreateDbContext();
        return db.DeprecationPlans.Where(p => p.Id == planId).Select(p => p.Status).Single();
    }

    public void Dispose() => database.Dispose();
}
