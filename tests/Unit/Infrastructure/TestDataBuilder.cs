using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// Builds environments, flags, consumers and hourly rollups by hand, relative to a fixed "now", and stores them in one go.
/// Versions are read with the app's <see cref="VersionReader"/>, so rollups carry the status and sort key ingest would store.
/// </summary>
/// <example>
/// <code>
/// var data = new TestDataBuilder(time.GetUtcNow());
/// var production = data.Environment("production", isDefault: true);
/// var flag = data.Flag(production, "use-new-format", legacyVariations: [1]);
/// var acme = data.Consumer(production, "acme");
/// data.Rollup(flag, acme, variation: 1, count: 300, age: TimeSpan.FromHours(2), apiVersion: "1.4.0");
/// await data.SaveAsync(database.Factory);
/// </code>
/// </example>
public sealed class TestDataBuilder(DateTimeOffset now)
{
    private readonly List<DashboardEnvironment> environments = [];
    private readonly List<Flag> flags = [];
    private readonly List<(Consumer Consumer, DashboardEnvironment Environment)> consumers = [];
    private readonly List<PendingRollup> rollups = [];
    private readonly List<(DeprecationPlan Plan, Flag Flag)> plans = [];

    public DateTimeOffset Now => now;

    public DashboardEnvironment Environment(string key, bool isDefault = false, VersionScheme apiVersionScheme = VersionScheme.SemVer)
    {
        var environment = new DashboardEnvironment
        {
            Key = key,
            Name = key,
            IsDefault = isDefault,
            ApiVersionScheme = apiVersionScheme,
            ClientVersionScheme = VersionScheme.SemVer,
            CreatedAt = now.UtcDateTime,
        };
        environments.Add(environment);
        return environment;
    }

    /// <summary>A flag with <paramref name="variationCount"/> string variations <c>"v0"</c>, <c>"v1"</c>, …; the listed indexes are legacy.</summary>
    public Flag Flag(DashboardEnvironment environment, string key, IReadOnlyCollection<int> legacyVariations, int variationCount = 2, bool archived = false)
    {
        var flag = new Flag
        {
            Environment = environment,
            Key = key,
            Name = key,
            IsArchived = archived,
            Source = FlagSource.Manual,
            CreatedAt = now.UtcDateTime,
            Variations = Enumerable.Range(0, variationCount)
                .Select(i => new FlagVariation { Index = i, ValueJson = $"\"v{i}\"", Name = $"v{i}", IsLegacy = legacyVariations.Contains(i) })
                .ToList(),
        };
        flags.Add(flag);
        return flag;
    }

    public Consumer Consumer(DashboardEnvironment environment, string key)
    {
        var consumer = new Consumer { Key = key, DisplayName = key, FirstSeenAt = now.UtcDateTime, LastSeenAt = now.UtcDateTime };
        consumers.Add((consumer, environment));
        return consumer;
    }

    public Contact Contact(Consumer consumer, string email, string? name = null)
    {
        var contact = new Contact { Email = email, Name = name ?? email.Split('@')[0], CreatedAt = now.UtcDateTime };
        consumer.Contacts.Add(contact);
        return contact;
    }

    /// <summary>A deprecation plan of <paramref name="flag"/> (it retires the flag's legacy variations), deprecated and sunset the given days from now.</summary>
    public DeprecationPlan Plan(
        Flag flag, string title, int deprecationInDays, int sunsetInDays, PlanStatus status = PlanStatus.Announced)
    {
        var plan = new DeprecationPlan
        {
            Title = title,
            AnnounceAt = now.UtcDateTime.AddDays(-1),
            DeprecationAt = now.UtcDateTime.AddDays(deprecationInDays),
            SunsetAt = now.UtcDateTime.AddDays(sunsetInDays),
            MigrationGuideUrl = "https://docs.example.com/migrate",
            Status = status,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        plans.Add((plan, flag));
        return plan;
    }

    /// <summary>
    /// <paramref name="count"/> evaluations of <paramref name="flag"/> by <paramref name="consumer"/> in the UTC hour that was
    /// <paramref name="age"/> before now. A null or empty <paramref name="apiVersion"/> is recorded as missing.
    /// </summary>
    public TestDataBuilder Rollup(
        Flag flag,
        Consumer consumer,
        int variation,
        long count,
        TimeSpan age,
        string? apiVersion = "2.0.0",
        string clientType = "web",
        string? clientVersion = "1.0.0")
    {
        rollups.Add(new PendingRollup(flag, consumer, variation, count, now - age, apiVersion, clientType, clientVersion));
        return this;
    }

    /// <summary>Stores everything added since the last call.</summary>
    public async Task SaveAsync(IDbContextFactory<DashboardDbContext> factory, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Environments.AttachRange(environments.Where(e => e.Id != 0));
        db.Environments.AddRange(environments.Where(e => e.Id == 0));
        await db.SaveChangesAsync(cancellationToken);

        db.Flags.AddRange(flags.Where(f => f.Id == 0));
        foreach (var (consumer, environment) in consumers.Where(c => c.Consumer.Id == 0))
        {
            consumer.EnvironmentId = environment.Id;
            db.Consumers.Add(consumer);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (plan, flag) in plans.Where(p => p.Plan.Id == 0))
        {
            (plan.EnvironmentId, plan.FlagId) = (flag.EnvironmentId, flag.Id);
            db.DeprecationPlans.Add(plan);
        }

        db.EvaluationRollups.AddRange(rollups.Select(ToEntity));
        await db.SaveChangesAsync(cancellationToken);
        rollups.Clear();
    }

    /// <summary>
    /// The one definition of a stored hourly rollup row in the tests: versions read under the given schemes as ingest reads
    /// them (value, status, sort key) and the hour truncated to its UTC start. Builders that store rows one at a time use it too.
    /// </summary>
    public static EvaluationRollup RollupRow(
        int environmentId,
        int flagId,
        int consumerId,
        int variation,
        long count,
        DateTimeOffset hour,
        string? apiVersion,
        VersionScheme apiVersionScheme,
        string clientType,
        string? clientVersion,
        VersionScheme clientVersionScheme)
    {
        var api = VersionReader.Read(apiVersion, apiVersionScheme);
        var client = VersionReader.Read(clientVersion, clientVersionScheme);
        return new EvaluationRollup
        {
            EnvironmentId = environmentId,
            FlagId = flagId,
            ConsumerId = consumerId,
            ApiVersion = api.Value,
            ApiVersionStatus = api.Status,
            ApiVersionSortKey = api.SortKey,
            ClientType = clientType,
            ClientVersion = client.Value,
            ClientVersionStatus = client.Status,
            ClientVersionSortKey = client.SortKey,
            VariationIndex = variation,
            HourStart = HourStart(hour),
            Count = count,
        };
    }

    private static EvaluationRollup ToEntity(PendingRollup pending)
    {
        var environment = pending.Flag.Environment!;
        return RollupRow(
            environment.Id, pending.Flag.Id, pending.Consumer.Id, pending.Variation, pending.Count, pending.Hour,
            pending.ApiVersion, environment.ApiVersionScheme, pending.ClientType, pending.ClientVersion, environment.ClientVersionScheme);
    }

    private static long HourStart(DateTimeOffset instant)
    {
        var seconds = instant.ToUnixTimeSeconds();
        return seconds - (seconds % 3600);
    }

    private sealed record PendingRollup(
        Flag Flag, Consumer Consumer, int Variation, long Count, DateTimeOffset Hour, string? ApiVersion, string ClientType, string? ClientVersion);
}
