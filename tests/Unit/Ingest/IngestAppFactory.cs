using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>
/// The whole app over a temporary SQLite file, with a fixed clock and extra settings per test class. Seeds two
/// environments, an ingest key per environment, a read-only key and a flag with two variations.
/// </summary>
public sealed class IngestAppFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 30, 0, TimeSpan.Zero);

    public const string ProductionKey = "sdl_test_production_ingest_key_0001";
    public const string PartnerKey = "sdl_test_partner_ingest_key_00000001";
    public const string ReadOnlyKey = "sdl_test_production_read_only_key_01";
    public const string SdkKey = "sdk-test-0000-0000-0000-000000000001";
    public const string KnownFlag = "use-new-response-format";

    private readonly string directory = TestDatabase.CreateEmptyFolder();

    /// <summary>Configuration overrides (e.g. <c>Ingest:QueueCapacity</c>), set before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public FakeTimeProvider Clock { get; } = new(Now);

    public int ProductionId { get; private set; }

    public int PartnerId { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={Path.Combine(directory, "sundial.db")}");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Starts the app (migrations run) and seeds the fixture data once.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await using var db = await CreateDbContextAsync();
        var production = await db.Environments.SingleAsync(e => e.Key == "production");
        ProductionId = production.Id;
        if (await db.ApiKeys.AnyAsync())
        {
            PartnerId = await db.Environments.Where(e => e.Key == "partner-api").Select(e => e.Id).SingleAsync();
            return client;
        }

        var partner = new DashboardEnvironment { Key = "partner-api", Name = "Partner API", ApiVersionScheme = VersionScheme.Date, CreatedAt = Now.UtcDateTime };
        db.Environments.Add(partner);
        await db.SaveChangesAsync();
        PartnerId = partner.Id;
        db.ApiKeys.AddRange(
            Key("production ingest", ProductionKey, production.Id, ApiKeyScopes.Ingest),
            Key("partner ingest", PartnerKey, partner.Id, ApiKeyScopes.Ingest),
            Key("production read", ReadOnlyKey, production.Id, ApiKeyScopes.Read));
        db.SdkKeys.Add(new SdkKey { Name = "test sdk", EnvironmentId = production.Id, Suffix = SdkKey[^4..], KeyHash = ApiKeySecrets.Hash(SdkKey), CreatedAt = Now.UtcDateTime });
        db.Flags.Add(new Flag
        {
            EnvironmentId = production.Id, Key = KnownFlag, Name = "New response format", Source = FlagSource.LaunchDarkly, CreatedAt = Now.UtcDateTime,
            Variations = [new FlagVariation { Index = 0, ValueJson = "false", IsLegacy = true }, new FlagVariation { Index = 1, ValueJson = "true" }],
        });
        await db.SaveChangesAsync();
        return client;
    }

    /// <summary>
    /// A context over the app's database once every request answered so far is folded into the rollups — what a reader
    /// sees a moment after a 202.
    /// </summary>
    public async Task<DashboardDbContext> CreateDbContextAsync()
    {
        await Services.GetRequiredService<IngestFolder>().WhenFoldedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp directory behind.
        }
    }

    private static ApiKey Key(string name, string secret, int environmentId, ApiKeyScopes scopes) => new()
    {
        Name = name, EnvironmentId = environmentId, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret),
        Scopes = scopes, CreatedAt = Now.UtcDateTime,
    };
}
