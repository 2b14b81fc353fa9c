using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Flags;
using Dashboard.Options;
using Dashboard.Security;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Demo;

/// <summary>
/// Fills an empty database with a deterministic demo: two environments, three flags, ~70 consumers with contacts and
/// 90 days of hourly rollups showing gradual adoption with a tail of laggards and some missing or invalid versions.
/// </summary>
public sealed class DemoDataSeeder(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider timeProvider)
{
    public const int Days = 90;
    private const int RandomSeed = 20231101;

    /// <summary>Marks the demo's keys, so they can be recognised in a database that later runs outside Development.</summary>
    private const string DemoKeyAuthor = "demo seed";
    private const string DemoSdkKeyName = "Demo LaunchDarkly SDK key";

    public sealed record SeedSummary(int Consumers, int RollupRows, TimeSpan Elapsed);

    /// <summary>Outside the demo, a fresh installation still needs one environment to ingest into.</summary>
    public async Task EnsureDefaultEnvironmentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Environments.AnyAsync(cancellationToken))
        {
            return;
        }

        db.Environments.Add(new DashboardEnvironment
        {
            Key = DemoScenario.ProductionKey, Name = "Production", IsDefault = true, CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Revokes the demo's API key and SDK key (seeded, or equal to the configured demo keys): their secrets are in the
    /// repository, so they must not open a database that runs outside Development. Returns how many were revoked.
    /// </summary>
    public async Task<int> RevokeDemoKeysAsync(DemoOptions options, CancellationToken cancellationToken = default)
    {
        var apiKeyHash = options.ApiKey is { } apiKey ? ApiKeySecrets.Hash(apiKey) : null;
        var sdkKeyHash = options.LaunchDarklySdkKey is { } sdkKey ? ApiKeySecrets.Hash(sdkKey) : null;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var apiKeys = await db.ApiKeys
            .Where(k => k.RevokedAt == null && (k.CreatedBy == DemoKeyAuthor || k.SecretHash == apiKeyHash))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        var sdkKeys = await db.SdkKeys
            .Where(k => k.RevokedAt == null && (k.Name == DemoSdkKeyName || k.KeyHash == sdkKeyHash))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        return apiKeys + sdkKeys;
    }

    /// <summary>Seeds when the database holds no environment yet; returns null when it already had data.</summary>
    public async Task<SeedSummary?> SeedIfEmptyAsync(DemoOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Environments.AnyAsync(cancellationToken))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var random = new Random(RandomSeed);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var production = new DashboardEnvironment
        {
            Key = DemoScenario.ProductionKey, Name = "Production", IsDefault = true, CreatedAt = now,
            ApiVersionScheme = VersionScheme.SemVer, ClientVersionScheme = VersionScheme.SemVer,
        };
        var partner = new DashboardEnvironment
        {
            Key = DemoScenario.PartnerKey, Name = "Partner API", CreatedAt = now,
            ApiVersionScheme = VersionScheme.Date, ClientVersionScheme = VersionScheme.SemVer,
        };
        db.Environments.AddRange(production, partner);
        await db.SaveChangesAsync(cancellationToken);

        AddKeys(db, options, production, now);

        var productionConsumers = CreateConsumers(DemoScenario.Organisations, production.Id, random, now);
        var partnerConsumers = CreateConsumers(DemoScenario.PartnerOrganisations, partner.Id, random, now);
        db.Consumers.AddRange(productionConsumers);
        db.Consumers.AddRange(partnerConsumers);

        var optIns = partnerConsumers.Take(2).Select(c => c.Key).ToArray();
        var flagJson = new[] { DemoScenario.NewResponseFormatFlag(), DemoScenario.OfflineSyncFlag(), DemoScenario.NewSchemaFlag(optIns) };
        var responseFormat = AddFlag(db, production, flagJson[0], "New JSON response format (v2)", "Response format for API v2: camelCase, envelopes, ISO dates.", ("legacy JSON response format (v1)", "new JSON response format (v2)"), now);
        var offlineSync = AddFlag(db, production, flagJson[1], "Offline sync for mobile", "Mobile clients from 3.5.0 sync offline; older clients use the legacy polling sync.", ("legacy polling sync", "offline sync"), now);
        var newSchema = AddFlag(db, partner, flagJson[2], "2023-11-01 partner schema", "Partner payload schema introduced with API version 2023-11-01.", ("legacy partner schema", "2023-11-01 partner schema"), now);
        await db.SaveChangesAsync(cancellationToken);

        // The recorded variations are what LaunchDarkly's rules give each context, quirks included.
        var flags = new JsonObject();
        foreach (var json in flagJson)
        {
            flags[json["key"]!.GetValue<string>()] = json.DeepClone();
        }

        var evaluator = new FlagEvaluator(FlagStore.Load(new JsonObject { ["flags"] = flags }.ToJsonString()).Store!);
        var traffic = new DemoTrafficGenerator(random, now, Days, evaluator);
        traffic.AddProduction(production.Id, responseFormat.Id, offlineSync.Id, productionConsumers);
        traffic.AddPartner(partner.Id, newSchema.Id, partnerConsumers);
        traffic.ApplySeenTimes(productionConsumers.Concat(partnerConsumers));
        DemoPlans.AddResponseFormatPlan(db, production, responseFormat, productionConsumers[0], now);
        await db.SaveChangesAsync(cancellationToken);
        await traffic.WriteAsync(db, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new SeedSummary(productionConsumers.Count + partnerConsumers.Count, traffic.RollupCount, stopwatch.Elapsed);
    }

    private static void AddKeys(DashboardDbContext db, DemoOptions options, DashboardEnvironment environment, DateTime now)
    {
        if (options.ApiKey is { } apiKey)
        {
            db.ApiKeys.Add(new ApiKey
            {
                Name = "Demo key (Development only)", EnvironmentId = environment.Id, Prefix = ApiKeySecrets.DisplayPrefix(apiKey),
                SecretHash = ApiKeySecrets.Hash(apiKey), Scopes = ApiKeyScopes.All, CreatedAt = now, CreatedBy = DemoKeyAuthor,
            });
        }

        if (options.LaunchDarklySdkKey is { } sdkKey)
        {
            db.SdkKeys.Add(new SdkKey
            {
                Name = DemoSdkKeyName, EnvironmentId = environment.Id, Suffix = sdkKey[^4..],
                KeyHash = ApiKeySecrets.Hash(sdkKey), CreatedAt = now,
            });
        }
    }

    private static List<Consumer> CreateConsumers(string[] organisations, int environmentId, Random random, DateTime now)
    {
        var consumers = new List<Consumer>(organisations.Length);
        foreach (var organisation in organisations)
        {
            var slug = DemoScenario.Slug(organisation);
            var consumer = new Consumer
            {
                EnvironmentId = environmentId,
                Key = slug,
                DisplayName = organisation,
                Organisation = organisation,
                Tier = Pick(random, DemoScenario.Tiers),
                Owner = random.NextDouble() < 0.5 ? "Partner success" : "Developer relations",
            };
            var contactCount = 1 + random.Next(2);
            for (var i = 0; i < contactCount; i++)
            {
                var first = DemoScenario.ContactFirstNames[random.Next(DemoScenario.ContactFirstNames.Length)];
                var last = DemoScenario.ContactLastNames[random.Next(DemoScenario.ContactLastNames.Length)];
                var email = $"{first}.{last}{(i == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}@{slug}.example".ToLowerInvariant();
                consumer.Contacts.Add(new Contact { Email = email, Name = $"{first} {last}", Role = i == 0 ? "Tech lead" : "Engineering manager", CreatedAt = now });
            }

            consumers.Add(consumer);
        }

        return consumers;
    }

    private static Flag AddFlag(DashboardDbContext db, DashboardEnvironment environment, JsonObject json, string name, string description, (string Legacy, string New) variationNames, DateTime now)
    {
        var key = json["key"]!.GetValue<string>();
        var variations = json["variations"]!.AsArray();
        var fallthrough = json["fallthrough"]!["variation"]!.GetValue<int>();
        var flag = new Flag
        {
            EnvironmentId = environment.Id,
            Key = key,
            Name = name,
            Description = description,
            Source = FlagSource.LaunchDarkly,
            MaintainerTeam = "API platform",
            Tags = ["api-versioning"],
            CreatedAt = now.AddDays(-Days - 30),
            Variations = variations.Select((value, index) => new FlagVariation
            {
                Index = index,
                ValueJson = value!.ToJsonString(),
                // Named for what a consumer gets, so emails and pages say "legacy JSON response format (v1)", not "Legacy".
                Name = index == fallthrough ? variationNames.Legacy : variationNames.New,
                IsLegacy = index == fallthrough,
            }).ToList(),
        };
        db.Flags.Add(flag);
        db.FlagSnapshots.Add(new FlagSnapshot
        {
            EnvironmentId = environment.Id, FlagKey = key, Version = 1, Json = json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
            SyncedAt = now, Origin = "seed",
        });
        return flag;
    }

    internal static T Pick<T>(Random random, (T Value, double Weight)[] weighted)
    {
        var roll = random.NextDouble() * weighted.Sum(w => w.Weight);
        foreach (var (value, weight) in weighted)
        {
            roll -= weight;
            if (roll <= 0)
            {
                return value;
            }
        }

        return weighted[^1].Value;
    }
}
