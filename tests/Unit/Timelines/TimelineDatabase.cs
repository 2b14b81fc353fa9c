using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Timelines;

/// <summary>A <see cref="TestDatabase"/> with builders for the rows timeline tests need.</summary>
public sealed class TimelineDatabase : IDbContextFactory<DashboardDbContext>, IDisposable
{
    private readonly TestDatabase database = TestDatabase.Create();

    public string ConnectionString => database.ConnectionString;

    public DashboardDbContext CreateDbContext() => database.CreateContext();

    public DashboardEnvironment AddEnvironment(string key = "production", VersionScheme scheme = VersionScheme.SemVer, bool isDefault = true)
    {
        using var db = CreateDbContext();
        var environment = new DashboardEnvironment { Key = key, Name = key, IsDefault = isDefault, ApiVersionScheme = scheme, CreatedAt = DateTime.UtcNow };
        db.Environments.Add(environment);
        db.SaveChanges();
        return environment;
    }

    /// <summary>A boolean flag: variation 0 = new behaviour, 1 = legacy.</summary>
    public Flag AddFlag(int environmentId, string key = "use-new-response-format")
    {
        using var db = CreateDbContext();
        var flag = new Flag
        {
            EnvironmentId = environmentId, Key = key, Name = key, CreatedAt = DateTime.UtcNow,
            Variations =
            [
                new FlagVariation { Index = 0, ValueJson = "true", Name = "New" },
                new FlagVariation { Index = 1, ValueJson = "false", Name = "Legacy", IsLegacy = true },
            ],
        };
        db.Flags.Add(flag);
        db.SaveChanges();
        return flag;
    }

    public Consumer AddConsumer(int environmentId, string key, string? tier = null)
    {
        using var db = CreateDbContext();
        var consumer = new Consumer { EnvironmentId = environmentId, Key = key, DisplayName = key.ToUpperInvariant(), Tier = tier };
        db.Consumers.Add(consumer);
        db.SaveChanges();
        return consumer;
    }

    /// <summary>An hourly rollup as the ingest writer stores it, with the version read under the scheme.</summary>
    public void AddRollup(
        Flag flag, Consumer consumer, string? apiVersion, int variation, DateTime hour, long count = 10, string clientType = "server", VersionScheme scheme = VersionScheme.SemVer)
    {
        using var db = CreateDbContext();
        db.EvaluationRollups.Add(TestDataBuilder.RollupRow(
            flag.EnvironmentId, flag.Id, consumer.Id, variation, count, new DateTimeOffset(hour.Date.AddHours(hour.Hour), TimeSpan.Zero),
            apiVersion, scheme, clientType, "1.0.0", VersionScheme.SemVer));
        db.SaveChanges();
    }

    public DeprecationPlan AddPlan(Flag flag, DateTime deprecationAt, DateTime sunsetAt, Action<DeprecationPlan>? configure = null)
    {
        using var db = CreateDbContext();
        var plan = new DeprecationPlan
        {
            EnvironmentId = flag.EnvironmentId, FlagId = flag.Id, Title = "Retire v1", ApiVersionBelow = "2.0.0",
            DeprecationAt = deprecationAt, SunsetAt = sunsetAt, MigrationGuideUrl = "https://docs.example.com/migrate",
            CreatedAt = deprecationAt.AddDays(-1), UpdatedAt = deprecationAt.AddDays(-1),
        };
        configure?.Invoke(plan);
        db.DeprecationPlans.Add(plan);
        db.SaveChanges();
        return plan;
    }

    public void AddExtension(DeprecationPlan plan, Consumer consumer, DateTime sunsetAt)
    {
        using var db = CreateDbContext();
        db.ConsumerExtensions.Add(new ConsumerExtension { PlanId = plan.Id, ConsumerId = consumer.Id, SunsetAt = sunsetAt, Reason = "freeze", GrantedBy = "test", GrantedAt = DateTime.UtcNow });
        db.SaveChanges();
    }

    /// <summary>Adds an API key with the given scopes and returns its secret.</summary>
    public string AddApiKey(int environmentId, ApiKeyScopes scopes)
    {
        var secret = "sdl_test_" + Guid.NewGuid().ToString("N");
        using var db = CreateDbContext();
        db.ApiKeys.Add(new ApiKey
        {
            Name = "test " + scopes, EnvironmentId = environmentId, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret),
            Scopes = scopes, CreatedAt = DateTime.UtcNow, CreatedBy = "test",
        });
        db.SaveChanges();
        return secret;
    }

    public void Dispose() => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
