using Dashboard.Environments;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Environments;

public sealed class EnvironmentAdministrationTests : SundialComponentTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedEnvironmentAsync("production");
    }

    private EnvironmentAdministration Administration => Services.GetRequiredService<EnvironmentAdministration>();

    [Fact]
    public async Task Add_StoresTheEnvironment_AndAuditsIt()
    {
        var errors = await Administration.AddAsync("admin@example.com", " staging ", " Staging ");

        Assert.Empty(errors);
        await using var db = Database.CreateContext();
        var stored = await db.Environments.SingleAsync(e => e.Key == "staging");
        Assert.Equal("Staging", stored.Name);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "environment.create");
        Assert.Equal(("admin@example.com", "staging"), (audit.Actor, audit.EntityId));
        Assert.Contains(await Services.GetRequiredService<EnvironmentSelection>().ReloadAsync(), e => e.Key == "staging");
    }

    [Theory]
    [InlineData("", "Key is required")]
    [InlineData("stag\u200Bing", "Key must not contain invisible")]
    [InlineData("my env", "Key must not contain spaces")]
    [InlineData("PRODUCTION", "already exists")]
    public async Task Add_BadKey_NamesTheKeyField_AndStoresNothing(string key, string expected)
    {
        var errors = await Administration.AddAsync("admin@example.com", key, "Staging");

        Assert.Contains(expected, errors.For("key"), StringComparison.Ordinal);
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Environments.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task Rename_ChangesTheName_KeepsTheKey_AndAuditsBeforeAndAfter()
    {
        await using var before = Database.CreateContext();
        var id = (await before.Environments.SingleAsync()).Id;

        var errors = await Administration.RenameAsync("admin@example.com", id, "Live");

        Assert.Empty(errors);
        await using var db = Database.CreateContext();
        var stored = await db.Environments.SingleAsync();
        Assert.Equal(("production", "Live"), (stored.Key, stored.Name));
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "environment.rename");
        Assert.Contains("Live", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_EmptyName_NamesTheNameField_AndKeepsTheOldName()
    {
        await using var before = Database.CreateContext();
        var environment = await before.Environments.SingleAsync();

        var errors = await Administration.RenameAsync("admin@example.com", environment.Id, "  ");

        Assert.Contains("required", errors.For("name"), StringComparison.Ordinal);
        await using var db = Database.CreateContext();
        Assert.Equal(environment.Name, (await db.Environments.SingleAsync()).Name);
    }
}
