using System.Data.Common;
using System.Text.Json;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dashboard.Demo;

/// <summary>
/// Simulates 90 days of calls per consumer: each consumer moves from a legacy version to a current one on its own day
/// (some never do), calls with a daily rhythm, and a few send missing or unreadable versions.
/// </summary>
internal sealed class DemoTrafficGenerator(Random random, DateTime now, int days, IFlagEvaluator evaluator)
{
    private const int Legacy = 1;

    private readonly long firstHour = new DateTimeOffset(now.Date.AddHours(now.Hour)).ToUnixTimeSeconds() - ((days * 24L) - 1) * 3600;
    private readonly int hours = days * 24;
    private readonly Dictionary<RollupKey, long> rollups = [];
    private readonly Dictionary<StateKey, StateValue> states = [];

    public int RollupCount => rollups.Count;

    public void AddProduction(int environmentId, int responseFormatFlagId, int offlineSyncFlagId, IReadOnlyList<Consumer> consumers)
    {
        for (var index = 0; index < consumers.Count; index++)
        {
            var consumer = consumers[index];
            var clientType = DemoDataSeeder.Pick(random, DemoScenario.ClientTypes.Select(c => (c.ClientType, c.Weight)).ToArray());
            var isMobile = clientType.StartsWith("mobile", StringComparison.Ordinal);
            var apiVersions = VersionTimeline(DemoScenario.LegacyApiVersions, DemoScenario.CurrentApiVersions, alreadyMigratedShare: 0.3, laggardShare: 0.2);
            var clientVersions = isMobile
                ? VersionTimeline(DemoScenario.OldMobileVersions, DemoScenario.NewMobileVersions, alreadyMigratedShare: 0.2, laggardShare: 0.35)
                : ConstantTimeline(DemoScenario.ServerSdkVersions[random.Next(DemoScenario.ServerSdkVersions.Length)]);
            // A few consumers have broken metadata: no version on some calls, or a version that is not semver.
            var missingShare = index % 11 == 3 ? 0.15 : 0.0;
            var invalidVersion = index % 17 == 5 ? DemoScenario.InvalidApiVersions[index % 2] : null;

            Simulate(consumer, (hour, count) =>
            {
                var rawApiVersion = invalidVersion is not null && hour / 3600 % 5 == 0 ? invalidVersion
                    : missingShare > 0 && random.NextDouble() < missingShare ? null
                    : apiVersions.At(hour, random);
                var apiVersion = VersionReader.Read(rawApiVersion, VersionScheme.SemVer);
                var clientVersion = VersionReader.Read(clientVersions.At(hour, random), VersionScheme.SemVer);
                var context = RequestContext(consumer.Key, rawApiVersion, clientType, clientVersion.Value);
                Record(environmentId, responseFormatFlagId, consumer, apiVersion, clientType, clientVersion, Variation("use-new-response-format", context), hour, count);
                if (isMobile)
                {
                    Record(environmentId, offlineSyncFlagId, consumer, apiVersion, clientType, clientVersion, Variation("offline-sync", context), hour, count);
                }
            });
        }
    }

    public void AddPartner(int environmentId, int newSchemaFlagId, IReadOnlyList<Consumer> consumers)
    {
        foreach (var consumer in consumers)
        {
            var apiVersions = VersionTimeline(DemoScenario.LegacyDateVersions, DemoScenario.CurrentDateVersions, alreadyMigratedShare: 0.35, laggardShare: 0.25);
            var clientVersion = VersionReader.Read(DemoScenario.ServerSdkVersions[random.Next(DemoScenario.ServerSdkVersions.Length)], VersionScheme.SemVer);
            Simulate(consumer, (hour, count) =>
            {
                var apiVersion = VersionReader.Read(apiVersions.At(hour, random), VersionScheme.Date);
                var context = EvaluationContext.Create("api-consumer", consumer.Key, Attributes(("apiVersion", apiVersion.Value)));
                Record(environmentId, newSchemaFlagId, consumer, apiVersion, "server", clientVersion, Variation("use-new-schema", context), hour, count);
            });
        }
    }

    public void ApplySeenTimes(IEnumerable<Consumer> consumers)
    {
        var seen = states.GroupBy(s => s.Key.Consumer).ToDictionary(
            g => g.Key,
            g => (First: g.Min(s => s.Value.FirstHour), Last: g.Max(s => s.Value.LastHour)));
        foreach (var consumer in consumers)
        {
            if (seen.TryGetValue(consumer, out var range))
            {
                consumer.FirstSeenAt = ToUtc(range.First);
                consumer.LastSeenAt = ToUtc(range.Last + 3599);
            }
        }
    }

    public async Task WriteAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();

        await using (var insert = Command(connection, transaction,
            "INSERT INTO EvaluationRollups (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, ClientVersion, ClientVersionStatus, ClientVersionSortKey, VariationIndex, HourStart, Count) " +
            "VALUES ($env, $flag, $consumer, $api, $apiStatus, $apiSort, $clientType, $client, $clientStatus, $clientSort, $variation, $hour, $count)",
            "$env", "$flag", "$consumer", "$api", "$apiStatus", "$apiSort", "$clientType", "$client", "$clientStatus", "$clientSort", "$variation", "$hour", "$count"))
        {
            foreach (var (key, count) in rollups)
            {
                SetValues(insert, key.EnvironmentId, key.FlagId, key.Consumer.Id, key.ApiVersion.Value, (int)key.ApiVersion.Status, key.ApiVersion.SortKey,
                    key.ClientType, key.ClientVersion.Value, (int)key.ClientVersion.Status, key.ClientVersion.SortKey, key.VariationIndex, key.HourStart, count);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var state = Command(connection, transaction,
            "INSERT INTO ConsumerFlagStates (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, ClientVersion, VariationIndex, FirstSeenAt, LastSeenAt, TotalCount) " +
            "VALUES ($env, $flag, $consumer, $api, $apiStatus, $apiSort, $clientType, $client, $variation, $first, $last, $total)",
            "$env", "$flag", "$consumer", "$api", "$apiStatus", "$apiSort", "$clientType", "$client", "$variation", "$first", "$last", "$total");
        foreach (var (key, value) in states)
        {
            SetValues(state, key.EnvironmentId, key.FlagId, key.Consumer.Id, key.ApiVersion.Value, (int)key.ApiVersion.Status, key.ApiVersion.SortKey,
                key.ClientType, value.ClientVersion, value.VariationIndex, ToUtc(value.FirstHour), ToUtc(value.LastHour + 3599), value.Total);
            await state.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private void Simulate(Consumer consumer, Action<long, int> recordHour)
    {
        var callsPerHour = 5 + Math.Exp(random.NextDouble() * Math.Log(400));
        var activity = 0.3 + (random.NextDouble() * 0.7);
        for (var i = 0; i < hours; i++)
        {
            if (random.NextDouble() > activity)
            {
                continue;
            }

            var hourStart = firstHour + (i * 3600L);
            var localHour = (i + 14) % 24;
            var rhythm = 0.35 + (0.65 * Math.Max(0, Math.Sin((localHour - 6) / 24.0 * 2 * Math.PI)));
            var count = Math.Max(1, (int)(callsPerHour * rhythm * (0.7 + (0.6 * random.NextDouble()))));
            recordHour(hourStart, count);
        }
    }

    private VersionTimeline VersionTimeline(string[] legacy, string[] current, double alreadyMigratedShare, double laggardShare)
    {
        var roll = random.NextDouble();
        var start = roll < alreadyMigratedShare ? current[random.Next(Math.Min(2, current.Length))] : legacy[random.Next(legacy.Length)];
        if (roll >= alreadyMigratedShare && roll < alreadyMigratedShare + laggardShare)
        {
            return ConstantTimeline(start);
        }

        // Migrate (or, if already current, upgrade) on a day spread over the period, with a few days of mixed traffic.
        var switchHour = firstHour + (long)(random.Next(5, days - 3) * 24L * 3600);
        var target = current[Math.Min(current.Length - 1, (int)((switchHour - firstHour) / (days * 24L * 3600 / current.Length)))];
        if (string.CompareOrdinal(target, start) <= 0)
        {
            target = current[^1];
        }

        return new VersionTimeline(start, target, switchHour, OverlapSeconds: (1 + random.Next(3)) * 24L * 3600);
    }

    private static VersionTimeline ConstantTimeline(string version) => new(version, version, long.MaxValue, 0);

    private void Record(int environmentId, int flagId, Consumer consumer, RecordedVersion apiVersion, string clientType, RecordedVersion clientVersion, int variation, long hour, int count)
    {
        var key = new RollupKey(environmentId, flagId, consumer, apiVersion, clientType, clientVersion, variation, hour);
        rollups[key] = rollups.GetValueOrDefault(key) + count;

        var stateKey = new StateKey(environmentId, flagId, consumer, apiVersion, clientType);
        states[stateKey] = states.TryGetValue(stateKey, out var existing)
            ? existing with { LastHour = hour, ClientVersion = clientVersion.Value, VariationIndex = variation, Total = existing.Total + count }
            : new StateValue(hour, hour, clientVersion.Value, variation, count);
    }

    private static EvaluationContext RequestContext(string consumerKey, string? apiVersion, string clientType, string clientVersion) =>
        EvaluationContext.Create("request", consumerKey, Attributes(("apiVersion", apiVersion), ("clientType", clientType), ("clientVersion", clientVersion)));

    private static Dictionary<string, JsonElement> Attributes(params (string Name, string? Value)[] attributes) =>
        attributes.Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(a => a.Name, a => JsonSerializer.SerializeToElement(a.Value));

    private int Variation(string flagKey, EvaluationContext context) =>
        evaluator.Evaluate(flagKey, context, defaultValue: null).VariationIndex ?? Legacy;

    private static DateTime ToUtc(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime;

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void SetValues(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private readonly record struct RollupKey(int EnvironmentId, int FlagId, Consumer Consumer, RecordedVersion ApiVersion, string ClientType, RecordedVersion ClientVersion, int VariationIndex, long HourStart);

    private readonly record struct StateKey(int EnvironmentId, int FlagId, Consumer Consumer, RecordedVersion ApiVersion, string ClientType);

    private sealed record StateValue(long FirstHour, long LastHour, string ClientVersion, int VariationIndex, long Total);
}

/// <summary>A consumer's version over time: <see cref="From"/> until the switch, both during the overlap, then <see cref="To"/>.</summary>
internal sealed record VersionTimeline(string From, string To, long SwitchHour, long OverlapSeconds)
{
    public string At(long hour, Random random) =>
        hour < SwitchHour ? From
        : hour < SwitchHour + OverlapSeconds ? (random.NextDouble() < 0.5 ? From : To)
        : To;
}
