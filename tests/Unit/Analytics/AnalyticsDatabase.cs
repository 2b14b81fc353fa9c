using Dashboard.Analytics;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Options;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Analytics;

/// <summary>
/// Analytics data sets built by hand: environments, flags with legacy marks, consumers with contacts, hourly rollups and
/// latest-state rows (which <see cref="TestDataBuilder"/> does not cover), stored one call at a time.
/// </summary>
internal class AnalyticsData(IDbContextFactory<DashboardDbContext> factory, DateTimeOffset now) : IDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext() => factory.CreateDbContext();

    public async Task<int> AddEnvironmentAsync(string key = "production", VersionScheme apiScheme = VersionScheme.SemVer, VersionScheme clientScheme = VersionScheme.SemVer)
    {
        await using var db = CreateDbContext();
        var environment = new DashboardEnvironment { Key = key, Name = key, ApiVersionScheme = apiScheme, ClientVersionScheme = clientScheme, CreatedAt = now.UtcDateTime.AddYears(-1) };
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
            EnvironmentId = environmentId, Key = key, Name = key, CreatedAt = (createdAt ?? now.AddDays(-200)).UtcDateTime,
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
            Contacts = contactEmails.Select(e => new Contact { Email = e, CreatedAt = now.UtcDateTime }).ToList(),
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
        db.EvaluationRollups.Add(TestDataBuilder.RollupRow(
            flag.EnvironmentId, flagId, consumerId, variation, count, hour,
            apiVersion, flag.Environment!.ApiVersionScheme, clientType, clientVersion, flag.Environment.ClientVersionScheme));
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
}

/// <summary>A migrated SQLite file (<see cref="TestDatabase"/>) with a fixed clock and the analytics builders.</summary>
internal sealed class AnalyticsDatabase : AnalyticsData, IAsyncDisposable
{
    /// <summary>"Now" in these tests: mid-afternoon UTC on a Thursday in winter (no DST change within a week).</summary>
    public static readonly DateTimeOffset Now = TestDatabase.DefaultNow;

    private readonly TestDatabase database;

    private AnalyticsDatabase(TestDatabase database)
        : base(database.Factory, Now) => this.database = database;

    public FakeTimeProvider Time => database.Time;

    /// <summary>The one legacy definition over <see cref="Time"/>, with the default windows unless given.</summary>
    public LegacyUsage Legacy(int recentDays = 7, int affectedDays = 30) =>
        new(Time, Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { RecentDays = recentDays, AffectedDays = affectedDays }));

    public static async Task<AnalyticsDatabase> CreateAsync() => new(await TestDatabase.CreateAsync(Now));

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
