using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E;

public sealed partial class RestartTests
{
    [Fact]
    public async Task Restart_AfterSigkill_ServesTheSameDatabaseWithoutSeedingAgain()
    {
        await using var app = await SundialProcess.StartAsync();
        Assert.Single(DemoSeeded().Matches(app.Output));

        await app.KillAsync();
        await app.RestartAsync();

        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The demo seed only fills an empty database, so a second seed would mean the first one was lost.
        Assert.Single(DemoSeeded().Matches(app.Output));
    }

    [GeneratedRegex("Demo data seeded")]
    private static partial Regex DemoSeeded();
}
