using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model differs from the last migration; add a migration.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task PlansRetireFlagLegacyVariations_MarksEveryVariationALivePlanRetiredAsLegacy()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        await migrator.MigrateAsync("IngestJournal");
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO Environments (Id, Key, Name, IsDefault, ApiVersionScheme, ClientVersionScheme, CreatedAt, ConsumerMapping)
                VALUES (1, 'prod', 'Production', 1, 'SemVer', 'SemVer', '2026-01-01 00:00:00', '{{}}');
            INSERT INTO Flags (Id, EnvironmentId, Key, Name, Source, Tags, IsArchived, CreatedAt)
                VALUES (1, 1, 'response-format', 'Response format', 'Discovered', '[]', 0, '2026-01-01 00:00:00'),
                       (2, 1, 'offline-sync', 'Offline sync', 'Discovered', '[]', 0, '2026-01-01 00:00:00');
            INSERT INTO FlagVariations (FlagId, "Index", ValueJson, IsLegacy)
                VALUES (1, 0, '"v2"', 0), (1, 1, '"v1"', 0), (1, 2, '"v0"', 1), (2, 0, 'true', 0), (2, 1, 'false', 0);
            INSERT INTO DeprecationPlans (Id, EnvironmentId, FlagId, Title, RetiredVariations, ClientTypes, DeprecationAt, SunsetAt, Status, CreatedAt, UpdatedAt)
                VALUES (1, 1, 1, 'Retire v1', '[1]', '[]', '2026-02-01 00:00:00', '2026-06-01 00:00:00', 'Deprecated', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                       (2, 1, 2, 'Cancelled idea', '[1]', '[]', '2026-02-01 00:00:00', '2026-06-01 00:00:00', 'Cancelled', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
            """);

        await db.Database.MigrateAsync();

        var legacy = await db.FlagVariations.Where(v => v.IsLegacy).OrderBy(v => v.FlagId).ThenBy(v => v.Index).Select(v => $"{v.FlagId}:{v.Index}").ToListAsync();
        Assert.Equal(["1:1", "1:2"], legacy);
        Assert.Equal(2, await db.DeprecationPlans.CountAsync());
    }
}
