using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Security;

public sealed class UserAdministrationTests : SundialAppTest
{

    [Fact]
    public async Task Create_StoresTheUserWithRolesAndAnAuditEntry()
    {
        var problems = await CreateAsync("admin@example.com", "ada@example.com", "Ada", Password, [DashboardRoles.Editor, DashboardRoles.Viewer]);

        Assert.Empty(problems);
        var user = Assert.Single(await Factory.AdministerUsersAsync(users => users.ListAsync()));
        Assert.Equal(("ada@example.com", "Ada"), (user.Email, user.DisplayName));
        Assert.Equal([DashboardRoles.Editor, DashboardRoles.Viewer], user.Roles);
        var audit = await Factory.QueryAsync(db => db.AuditEntries.SingleAsync());
        Assert.Equal(("admin@example.com", "user.created"), (audit.Actor, audit.Action));
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ADA@Example.com")]
    public async Task Create_WithAnEmailAlreadyTaken_IsRefusedAndStoresNothing(string duplicate)
    {
        Assert.Empty(await CreateAsync("admin@example.com", "ada@example.com", null, Password, [DashboardRoles.Viewer]));

        var problems = await CreateAsync("admin@example.com", duplicate, null, Password, [DashboardRoles.Admin]);

        Assert.Contains(problems, p => p.Contains("already taken", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, await Factory.QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(1, await Factory.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [InlineData("short1A", "at least 12 characters")]
    [InlineData("alllowercase1234", "uppercase")]
    [InlineData("ALLUPPERCASE1234", "lowercase")]
    [InlineData("NoDigitsAtAllHere", "digit")]
    public async Task Create_WithWeakPassword_NamesTheRuleAndStoresNothing(string password, string rule)
    {
        var problems = await CreateAsync("admin@example.com", "ada@example.com", null, password, [DashboardRoles.Viewer]);

        Assert.Contains(problems, p => p.Contains(rule, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await Factory.QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await Factory.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Create_WithMalformedEmail_IsRefused()
    {
        var problems = await CreateAsync("admin@example.com", "not-an-email", null, Password, [DashboardRoles.Viewer]);

        Assert.Contains(problems, p => p.Contains("not-an-email", StringComparison.Ordinal));
        Assert.Equal(0, await Factory.QueryAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task Create_WithHostileDisplayName_NamesTheFieldAndStoresNothing(HostileString hostile)
    {
        var problems = await CreateAsync("admin@example.com", "ada@example.com", hostile.Value, Password, [DashboardRoles.Viewer]);

        Assert.StartsWith("The display name must not contain ", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Equal(0, await Factory.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Create_WithoutRole_IsRefused()
    {
        var problems = await CreateAsync("admin@example.com", "ada@example.com", null, Password, []);

        Assert.Equal(["Choose at least one role."], problems);
        Assert.Equal(0, await Factory.QueryAsync(db => db.Users.CountAsync()));
    }

    private Task<IReadOnlyList<string>> CreateAsync(string actor, string email, string? displayName, string password, string[] roles) =>
        Factory.AdministerUsersAsync(users => users.CreateAsync(actor, email, displayName, password, roles));
}
