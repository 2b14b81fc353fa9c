using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Versions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Analytics;

/// <summary>A migrated SQLite file in a temp folder plus builders for hand-made analytics data sets.</summary>
internal sealed class AnalyticsDatabase : IDbContextFactory<DashboardDbContext>, IAsyncDisposable
{
    /// <summary>"Now" in these tests: mid-afternoon UTC on a Thursday in winter (no DST change within a week).</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 14, 30, 0, TimeSpan.Zero);

    private readonly string directory;
    private readonly DbContextOptions<DashboardDbContext> options;

    private AnalyticsDatabase(string directory)
    {
        this.directory = directory;
        options = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "analytics.db"), Pooling = false }.ToString())
            .Options;
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public static async Task<AnalyticsDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sundial-analytics-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = new AnalyticsDatabase(directory);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public DashboardDbContext CreateDbContext() => new(options);

    public async Task<int> AddEnvironmentAsync(string key = "production", VersionScheme apiScheme = VersionScheme.SemVer, VersionScheme clientScheme = VersionScheme.SemVer)
    {
        await using var db = CreateDbContext();
        var environment = new DashboardEnvironment { Key = key, Name = key, ApiVersionScheme = apiScheme, ClientVersionScheme = clientScheme, CreatedAt = Now.UtcDateTime.AddYears(-1) };
        db.Environments.Add(environment);
        await db.SaveChangesAsync();
        return environment.Id;
    }

    /// <summary>A flag with variations named as given; the ones flagged legacy are marked.</summary>
    public async Task<int> AddFlagAsync(int environmentId, string key, DateTimeOffset? createdAt = null, params (string Name, bool Legacy)[] variations)
    {
        await using var db = CreateDbContext();
        var flag = new Flag
        {
            EnvironmentId = environmentId, Key = key, Name = key, CreatedAt = (createdAt ?? Now.AddDays(-200)).UtcDateTime,
            Variations = variations.Select((v, i) => new FlagVariation { Index = i, Name = v.Name, ValueJson = i == 0 ? "true" : "false", IsLegacy = v.Legacy }).ToList(),
        };
        db.Flags.Add(flag);
        await db.SaveChangesAsync();
        return flag.Id;
    }

    public Task<int> AddBooleanFlagAsync(int environmentId, string key, DateTimeOffset? createdAt = null) =>
        AddFlagAsync(environmentId, key, createdAt, ("New", false), ("Legacy", true));

    public async Task<int> AddConsumerAsync(int environmentId, string key, params string[] contactEmails)
    {
        await using var db = CreateDbContext();
        var consumer = new Consumer
        {
            EnvironmentId = environmentId, Key = key, DisplayName = key.ToUpperInvariant(),
            Contacts = contactEmails.Select(e => new Contact { Email = e, CreatedAt = Now.UtcDateTime }).ToList(),
        };
        db.Consumers.Add(consumer);
        await db.SaveChangesAsync();
        return consumer.Id;
    }

    public async Task AddRollupAsync(
        int flagId, int consumerId, DateTimeOffset hour, int variation, long count,
        string? apiVersion = "2.0.0", string clientType = "server", string? clientVersion = "1.0.0")
    {
        await using var db = CreateDbContext();
        var flag = await db.Flags.Include(f => f.Environment).SingleAsync(f => f.Id == flagId);
        var api = VersionReader.Read(apiVersion, flag.Environment!.ApiVersionScheme);
        var client = VersionReader.Read(clientVersion, flag.Environment.ClientVersionScheme);
        db.EvaluationRollups.Add(new EvaluationRollup
        {
            EnvironmentId = flag.EnvironmentId, FlagId = flagId, ConsumerId = consumerId,
            ApiVersion = api.Value, ApiVersionStatus = api.Status, ApiVersionSortKey = api.SortKey,
            ClientType = clientType, ClientVersion = client.Value, ClientVersionStatus = client.Status, ClientVersionSortKey = client.SortKey,
            VariationIndex = variation, HourStart = hour.ToUnixTimeSeconds() / 3600 * 3600, Count = count,
        });
        await db.SaveChangesAsync();
    }

    public async Task AddStateAsync(
        int flagId, int consumerId, string? apiVersion, int variation, long total, DateTimeOffset firstSeen, DateTimeOffset lastSeen, string clientType = "server")
    {
        await using var db = CreateDbContext();
        var flag = await db.Flags.Include(f => f.Environment).SingleAsync(f => f.Id == flagId);
        var api = VersionReader.Read(apiVersion, flag.Environment!.ApiVersionScheme);
        db.ConsumerFlagStates.Add(new ConsumerFlagState
        {
            EnvironmentId = flag.EnvironmentId, FlagId = flagId, ConsumerId = consumerId,
            ApiVersion = api.Value, ApiVersionStatus = api.Status, ApiVersionSortKey = api.SortKey, ClientType = clientType, ClientVersion = "1.0.0",
            VariationIndex = variation, FirstSeenAt = firstSeen.UtcDateTime, LastSeenAt = lastSeen.UtcDateTime, TotalCount = total,
        });
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some platforms; the temp folder is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }
}
