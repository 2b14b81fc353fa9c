using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Demo;
using Dashboard.Notifications;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Analytics;

/// <summary>
/// With the demo data the app seeds, the same legacy figure read from every page query and API that shows it agrees:
/// there is one definition (<see cref="LegacyUsage"/>), so two screens can never disagree about who is still on legacy.
/// </summary>
public sealed class LegacyConsistencyTests(LegacyConsistencyTests.DemoApp demo) : IClassFixture<LegacyConsistencyTests.DemoApp>
{
    private const string ApiKey = DemoApp.ApiKey;

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App => demo.App;

    [Fact]
    public async Task ConsumersOnLegacyOfTheDemoPlansFlag_AgreeOnFlagsListFlagPageConsumersTabReadApiAndCsv()
    {
        using var client = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (environmentId, flagId, flagKey, _) = await DemoPlanAsync(services);
        var recent = services.GetRequiredService<LegacyUsage>().Recent();

        var flagsList = (await services.GetRequiredService<FlagQueries>().GetFlagsAsync(environmentId, new FlagListQuery(PageSize: 100))).Items.Single(f => f.Id == flagId).ConsumersOnLegacy;
        var flagPage = (await services.GetRequiredService<FlagQueries>().GetFlagAsync(flagId))!.Summary.ConsumersOnLegacy;
        var consumersTab = (await services.GetRequiredService<FlagConsumerQueries>()
            .GetPageAsync(flagId, new FlagConsumerFilter(LegacyOnly: true, SeenSince: recent.From), FlagConsumerSort.Consumer, false, 0, 1)).TotalCount;
        using var json = JsonDocument.Parse(await GetAsync(client, $"/api/v1/environments/{DemoScenario.ProductionKey}/flags?pageSize=100", "application/json"));
        var readApi = json.RootElement.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("key").GetString() == flagKey).GetProperty("consumersOnLegacy").GetInt32();
        var csvLines = (await GetAsync(client, $"/api/v1/environments/{DemoScenario.ProductionKey}/flags?pageSize=100", "text/csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(csvLines[0].Split(','), "consumersOnLegacy");
        var csv = int.Parse(csvLines.Single(l => l.StartsWith(flagKey + ",", StringComparison.Ordinal)).Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(flagsList > 0, "The demo plan's flag should have consumers on legacy in the recent window.");
        Assert.Equal(
            new[] { ("flags list", flagsList), ("flag page", flagsList), ("consumers tab", flagsList), ("read API", flagsList), ("CSV", flagsList) },
            new[] { ("flags list", flagsList), ("flag page", flagPage), ("consumers tab", consumersTab), ("read API", readApi), ("CSV", csv) });
    }

    [Fact]
    public async Task ConsumersOnLegacyOnTheOverview_AgreeWithTheConsumersListItLinksTo()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (environmentId, _, _, _) = await DemoPlanAsync(services);

        var overview = (await services.GetRequiredService<OverviewQueries>().GetSummaryAsync(environmentId)).Current.ConsumersOnLegacy;
        var consumersList = (await services.GetRequiredService<ConsumerQueries>().GetConsumersAsync(environmentId, new ConsumerListQuery(LegacyOnly: true))).TotalCount;

        Assert.True(overview > 0);
        Assert.Equal(overview, consumersList);
    }

    [Fact]
    public async Task AffectedConsumersOfTheDemoPlan_AgreeOnPlanPagePlansApiAndCampaignAudience()
    {
        using var client = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (_, _, _, planId) = await DemoPlanAsync(services);

        var planPage = (await services.GetRequiredService<AffectedConsumerQueries>().GetAsync(planId)).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        using var json = JsonDocument.Parse(await GetAsync(client, $"/api/v1/plans/{planId}/affected-consumers", "application/json"));
        var plansApi = json.RootElement.GetProperty("consumers").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).Order(StringComparer.Ordinal).ToList();
        var audience = (await services.GetRequiredService<CampaignAudience>().ResolveAsync(planId, null, isServiceNotice: true))!;
        var audienceConsumers = audience.Recipients.Select(r => r.Consumer.Key)
            .Concat(audience.Excluded.Select(e => e.Consumer.Key))
            .Concat(audience.ConsumersWithoutContacts.Select(c => c.Key))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(planPage);
        Assert.Equal(planPage, plansApi);
        Assert.Equal(planPage, audienceConsumers);
        Assert.Equal(services.GetRequiredService<LegacyUsage>().AffectedDays, json.RootElement.GetProperty("windowDays").GetInt32());
    }

    private static async Task<(int EnvironmentId, int FlagId, string FlagKey, int PlanId)> DemoPlanAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var plan = await db.DeprecationPlans.Where(p => p.Status != PlanStatus.Cancelled).OrderBy(p => p.Id)
            .Select(p => new { p.EnvironmentId, p.FlagId, p.Flag!.Key, p.Id }).FirstAsync();
        return (plan.EnvironmentId, plan.FlagId, plan.Key, plan.Id);
    }

    private static async Task<string> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The app in Development with the demo seed, on a fixed clock, shared by the tests (seeding takes a while).</summary>
    public sealed class DemoApp : IDisposable
    {
        public const string ApiKey = "sdl_demo_key_for_consistency_tests_0123456789";

        private readonly SundialWebApplicationFactory root =
            new("Development", new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:ApiKey"] = ApiKey });

        public DemoApp()
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero));
            App = root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        }

        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App { get; }

        public void Dispose()
        {
            App.Dispose();
            root.Dispose();
        }
    }
}
