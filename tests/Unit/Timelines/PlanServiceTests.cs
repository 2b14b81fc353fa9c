using Dashboard.Data.Entities;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Timelines;

/// <summary>Announcing a draft by hand, naming every bad field at once, and warning about short notice.</summary>
public sealed class PlanServiceTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TimelineDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));

    public void Dispose() => database.Dispose();

    private PlanService Service() => TimelineServices.PlanService(database, clock);

    [Fact]
    public async Task AnnounceNowAsync_DraftWithALaterAnnouncement_BecomesAnnouncedNow_AndIsAudited()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Now.AddDays(100), Now.AddDays(200), p => p.AnnounceAt = Now.AddDays(30));

        var result = await Service().AnnounceNowAsync(plan.Id, "editor@example.com");

        Assert.True(result.Succeeded);
        using var db = database.CreateDbContext();
        var stored = await db.DeprecationPlans.AsNoTracking().SingleAsync(p => p.Id == plan.Id);
        Assert.Equal((PlanStatus.Announced, (DateTime?)Now), (stored.Status, stored.AnnounceAt));
        var audit = await db.AuditEntries.Where(a => a.EntityId == plan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(a => a.Id).Select(a => new { a.Action, a.Actor, a.Summary }).ToListAsync();
        Assert.Contains(audit, a => a.Action == PlanAuditActions.StatusChanged && a.Actor == "editor@example.com" && a.Summary == "Draft → Announced announced by hand.");
        Assert.Contains(audit, a => a.Action == PlanAuditActions.Updated && a.Actor == "editor@example.com");
    }

    [Fact]
    public async Task AnnounceNowAsync_PlanAlreadyRunning_IsRefusedOnStatus_AndChangesNothing()
    {
        var flag = database.AddFlag(database.AddEnvironment().Id);
        var plan = database.AddPlan(flag, Now.AddDays(-1), Now.AddDays(200), p => { p.Status = PlanStatus.Deprecated; p.AnnounceAt = Now.AddDays(-10); });

        var result = await Service().AnnounceNowAsync(plan.Id, "editor@example.com");

        Assert.False(result.Succeeded);
        Assert.Equal("Only a draft plan can be announced; this one is already deprecated.", result.Errors.For("status"));
        using var db = database.CreateDbContext();
        Assert.Equal(Now.AddDays(-10), (await db.DeprecationPlans.AsNoTracking().SingleAsync(p => p.Id == plan.Id)).AnnounceAt);
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task CreateAsync_EmptyForm_NamesEveryMissingFieldAtOnce()
    {
        var environment = database.AddEnvironment();

        var result = await Service().CreateAsync(environment.Id, new PlanInput(), "editor@example.com");

        Assert.False(result.Succeeded);
        Assert.Equal(["deprecationAt", "flagKey", "sunsetAt", "title"], result.Errors.Keys.Order(StringComparer.Ordinal));
        using var db = database.CreateDbContext();
        Assert.Equal(0, await db.DeprecationPlans.CountAsync());
    }

    [Theory]
    [InlineData(null, 1, 5)]
    [InlineData(86, 87, 90)]
    public async Task CreateAsync_FourDaysOfNotice_IsSavedWithAShortNoticeWarning(int? announceInDays, int deprecationInDays, int sunsetInDays)
    {
        var environment = database.AddEnvironment();
        var flag = database.AddFlag(environment.Id);
        var input = new PlanInput
        {
            FlagKey = flag.Key, Title = "Retire v1 quickly", RetiredVariations = [1],
            AnnounceAt = announceInDays is { } days ? Now.AddDays(days) : null,
            DeprecationAt = Now.AddDays(deprecationInDays), SunsetAt = Now.AddDays(sunsetInDays),
        };

        var result = await Service().CreateAsync(environment.Id, input, "editor@example.com");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
        Assert.Equal("Consumers get 4 days of notice, less than the recommended 90.", result.Warnings.For("sunsetAt"));
    }
}
