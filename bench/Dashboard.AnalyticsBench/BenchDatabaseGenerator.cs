using System.Data.Common;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Versions;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.AnalyticsBench;

/// <summary>
/// Builds the benchmark database: 20 flags, 5,000 consumers, 40 API versions, 90 days of hourly rollups with about
/// 10,000,000 evaluations in over 1,000,000 rows, and the matching latest-state rows. Deterministic (fixed seed).
/// </summary>
internal sealed class BenchDatabaseGenerator(DbContextOptions<DashboardDbContext> options, DateTimeOffset now)
{
    public const int Flags = 20;
    public const int Consumers = 5_000;
    public const int Versions = 40;
    public const int Days = 90;
    private const int FlagsPerConsumer = 4;
    private const int ActiveHoursPerConsumerFlag = 60;
    private static readonly string[] ClientTypes = ["server", "web", "mobile-ios", "mobile-android", "cli"];

    public sealed record Result(int EnvironmentId, IReadOnlyList<int> FlagIds, long RollupRows, long Evaluations, long StateRows);

    public async Task<Result> GenerateAsync()
    {
        await using var db = new DashboardDbContext(options);
        await db.Database.MigrateAsync();
        var random = new Random(42);
        var environment = new DashboardEnvironment { Key = "bench", Name = "Bench", IsDefault = true, CreatedAt = now.UtcDateTime.AddYears(-1) };
        db.Environments.Add(environment);
        await db.SaveChangesAsync();
        var flags = Enumerable.Range(0, Flags).Select(i => new Flag
        {
            EnvironmentId = environment.Id, Key = $"flag-{i:D2}", Name = $"Flag {i}", CreatedAt = now.UtcDateTime.AddDays(-200),
            Variations = [new FlagVariation { Index = 0, ValueJson = "true", Name = "New" }, new FlagVariation { Index = 1, ValueJson = "false", Name = "Legacy", IsLegacy = true }],
        }).ToList();
        db.Flags.AddRange(flags);
        var consumers = Enumerable.Range(0, Consumers).Select(i => new Consumer
        {
            EnvironmentId = environment.Id, Key = $"consumer-{i:D5}", DisplayName = $"Consumer {i}",
            Contacts = [new Contact { Email = $"dev{i}@consumer-{i:D5}.example", CreatedAt = now.UtcDateTime }],
        }).ToList();
        db.Consumers.AddRange(consumers);
        await db.SaveChangesAsync();

        var versions = Enumerable.Range(0, Versions).Select(i => VersionReader.Read($"{1 + (i / 10)}.{i % 10}.0", VersionScheme.SemVer)).ToArray();
        var lastHour = now.ToUnixTimeSeconds() / 3600 * 3600;
        var firstHour = lastHour - ((Days * 24L) - 1) * 3600;
        var hours = Days * 24;

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var rollup = Command(connection, transaction,
            "INSERT INTO EvaluationRollups (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, ClientVersion, ClientVersionStatus, ClientVersionSortKey, VariationIndex, HourStart, Count) " +
            "VALUES ($env, $flag, $consumer, $api, $apiStatus, $apiSort, $type, '1.0.0', 0, '000000001.000000000.000000000~', $variation, $hour, $count)",
            "$env", "$flag", "$consumer", "$api", "$apiStatus", "$apiSort", "$type", "$variation", "$hour", "$count");
        await using var state = Command(connection, transaction,
            "INSERT INTO ConsumerFlagStates (EnvironmentId, FlagId, ConsumerId, ApiVersion, ApiVersionStatus, ApiVersionSortKey, ClientType, ClientVersion, VariationIndex, FirstSeenAt, LastSeenAt, TotalCount) " +
            "VALUES ($env, $flag, $consumer, $api, $apiStatus, $apiSort, $type, '1.0.0', $variation, $first, $last, $total)",
            "$env", "$flag", "$consumer", "$api", "$apiStatus", "$apiSort", "$type", "$variation", "$first", "$last", "$total");

        long rows = 0, evaluations = 0, states = 0;
        foreach (var consumer in consumers)
        {
            var clientType = ClientTypes[random.Next(ClientTypes.Length)];
            // Each consumer starts on one version and, with 60% probability, moves to a later one on a random hour.
            var startVersion = random.Next(Versions);
            var endVersion = random.NextDouble() < 0.6 ? Math.Min(Versions - 1, startVersion + 1 + random.Next(10)) : startVersion;
            var switchAt = random.Next(hours);
            var flagSet = Enumerable.Range(0, Flags).OrderBy(_ => random.Next()).Take(FlagsPerConsumer).ToArray();
            foreach (var flagIndex in flagSet)
            {
                var flag = flags[flagIndex];
                // Versions from "2.0.0" (index 10 + flag offset) get the new behaviour; older ones legacy.
                var boundary = 10 + (flagIndex % 20);
                var perState = new Dictionary<int, (long First, long Last, long Total, int Variation)>();
                var activeHours = new SortedSet<int>();
                while (activeHours.Count < ActiveHoursPerConsumerFlag)
                {
                    activeHours.Add(random.Next(hours));
                }

                foreach (var h in activeHours)
                {
                    var versionIndex = h < switchAt ? startVersion : endVersion;
                    var version = versions[versionIndex];
                    var variation = versionIndex >= boundary ? 0 : 1;
                    var count = 1 + random.Next(16);
                    var hourStart = firstHour + (h * 3600L);
                    Set(rollup, environment.Id, flag.Id, consumer.Id, version.Value, (int)version.Status, version.SortKey, clientType, variation, hourStart, count);
                    await rollup.ExecuteNonQueryAsync();
                    rows++;
                    evaluations += count;
                    perState[versionIndex] = perState.TryGetValue(versionIndex, out var s)
                        ? (s.First, hourStart, s.Total + count, variation)
                        : (hourStart, hourStart, count, variation);
                }

                foreach (var (versionIndex, s) in perState)
                {
                    var version = versions[versionIndex];
                    Set(state, environment.Id, flag.Id, consumer.Id, version.Value, (int)version.Status, version.SortKey, clientType, s.Variation,
                        DateTimeOffset.FromUnixTimeSeconds(s.First).UtcDateTime, DateTimeOffset.FromUnixTimeSeconds(s.Last + 3599).UtcDateTime, s.Total);
                    await state.ExecuteNonQueryAsync();
                    states++;
                }
            }
        }

        await transaction.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        return new Result(environment.Id, flags.Select(f => f.Id).ToList(), rows, evaluations, states);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
