using System.Net;
using Dashboard.Data;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Timelines;

/// <summary>The per-user secret calendar feed URL, fetched as a calendar app would: no cookie, no Bearer key.</summary>
public sealed class CalendarFeedUrlTests : SundialAppTest
{
    private string environmentKey = "";

    public override async Task InitializeAsync()
    {
        var data = new TestDataBuilder(DateTimeOffset.UtcNow);
        environmentKey = "feed-" + Guid.NewGuid().ToString("N")[..6];
        var environment = data.Environment(environmentKey);
        var flag = data.Flag(environment, "use-new-format", legacyVariations: [0]);
        data.Plan(flag, "Retire the v1 format", deprecationInDays: 5, sunsetInDays: 30);
        await data.SaveAsync(Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        await Factory.CreateUserAsync("ada@example.com", Password, "Viewer");
        await Factory.CreateUserAsync("grace@example.com", Password, "Viewer");
    }

    private Task<string> UserIdAsync(string email) => Factory.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<T> FeedsAsync<T>(Func<CalendarFeedKeys, Task<T>> call)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<CalendarFeedKeys>());
    }

    private async Task<HttpResponseMessage> FetchAsync(string secret)
    {
        using var anonymous = Factory.CreateClient();
        return await anonymous.GetAsync("/" + CalendarFeedKeys.Path(secret) + "?environment=" + environmentKey);
    }

    [Fact]
    public async Task FeedUrl_WorksWithoutSignIn_AndStopsWorkingOnceRevoked()
    {
        var ada = await UserIdAsync("ada@example.com");
        var secret = await FeedsAsync(f => f.RegenerateAsync(ada, "ada@example.com"));

        using (var response = await FetchAsync(secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var calendar = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("BEGIN:VCALENDAR", calendar, StringComparison.Ordinal);
            Assert.Contains("Retire the v1 format", calendar, StringComparison.Ordinal);
        }

        Assert.True(await FeedsAsync(f => f.RevokeAsync(ada, "ada@example.com")));

        using var revoked = await FetchAsync(secret);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(["calendar-feed.create", "calendar-feed.revoke"], await Factory.QueryAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("calendar-feed")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Regenerating_RetiresTheOldUrl_AndLeavesOtherUsersFeedsAlone()
    {
        var ada = await UserIdAsync("ada@example.com");
        var grace = await UserIdAsync("grace@example.com");
        var first = await FeedsAsync(f => f.RegenerateAsync(ada, "ada@example.com"));
        var graces = await FeedsAsync(f => f.RegenerateAsync(grace, "grace@example.com"));

        var second = await FeedsAsync(f => f.RegenerateAsync(ada, "ada@example.com"));

        using var old = await FetchAsync(first);
        using var current = await FetchAsync(second);
        using var other = await FetchAsync(graces);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK), (old.StatusCode, current.StatusCode, other.StatusCode));
        Assert.Equal(grace, (await FeedsAsync(f => f.FindOwnerAsync(graces)))?.Id);
        Assert.Equal(ada, (await FeedsAsync(f => f.FindOwnerAsync(second)))?.Id);
    }

    [Fact]
    public async Task UnknownSecret_Is404_AndTheBearerFeedStillNeedsAKey()
    {
        using var unknown = await FetchAsync("sdl_" + new string('x', 43));
        using var anonymous = Factory.CreateClient();
        using var bearerFeed = await anonymous.GetAsync("/api/v1/calendar.ics?environment=" + environmentKey);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bearerFeed.StatusCode);
    }

    [Fact]
    public async Task DisabledUsersFeed_Is404()
    {
        var ada = await UserIdAsync("ada@example.com");
        var secret = await FeedsAsync(f => f.RegenerateAsync(ada, "ada@example.com"));
        await using (var db = await Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == ada).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }

        using var response = await FetchAsync(secret);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
