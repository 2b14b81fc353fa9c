using Dashboard.Analytics;
using Dashboard.Auditing;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class ConsumerImportTests : IAsyncLifetime
{
    private AnalyticsDatabase database = null!;
    private ConsumerImport import = null!;
    private int environment;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        import = new ConsumerImport(database, new AuditLog(database.Time), database.Time);
        environment = await database.AddEnvironmentAsync();
        await database.AddConsumerAsync(environment, "acme", "ops@acme.example");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task PreviewConsumers_ListsActionsAndPerRowErrors()
    {
        const string csv = "key,displayName,tier,tags\nacme,Acme Corp,enterprise,gold;eu\nglobex,Globex,pro,\nglobex,Globex again,,\n,No key,,\n";

        var preview = await import.PreviewAsync(environment, ImportKind.Consumers, csv);

        Assert.Empty(preview.FileErrors);
        Assert.Equal([ImportAction.Update, ImportAction.Create, ImportAction.Create, ImportAction.Create], preview.Rows.Select(r => r.Action));
        Assert.Empty(preview.Rows[0].Errors);
        Assert.Equal("duplicate key 'globex' (first on line 3).", Assert.Single(preview.Rows[2].Errors));
        Assert.Equal("key is required.", Assert.Single(preview.Rows[3].Errors));
        Assert.Equal([2, 3, 4, 5], preview.Rows.Select(r => r.Line));
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForKeys), MemberType = typeof(HostileStrings))]
    public async Task CommitConsumers_HostileKey_NamesTheRowAndColumn_AndStoresNothing(HostileString hostile)
    {
        var result = await import.CommitAsync(environment, ImportKind.Consumers, $"key,displayName\nglobex,Globex\n{Quoted(hostile.Value)},Evil\n", "editor");

        Assert.True(result.HasErrors);
        Assert.Empty(result.Rows[0].Errors);
        Assert.StartsWith("key must ", Assert.Single(result.Rows[1].Errors), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task CommitConsumers_HostileText_NamesTheRowAndColumn_AndStoresNothing(HostileString hostile)
    {
        var value = Quoted(hostile.Value);
        var csv = $"key,displayName,organisation,tier,owner,tags\nglobex,{value},ok,ok,ok,ok\ninitech,ok,{value},{value},{value},{Quoted("gold;" + hostile.Value)}\n";

        var result = await import.CommitAsync(environment, ImportKind.Consumers, csv, "editor");

        Assert.StartsWith("displayName must ", Assert.Single(result.Rows[0].Errors), StringComparison.Ordinal);
        Assert.Equal(["organisation", "tier", "owner", "tags"], result.Rows[1].Errors.Select(e => e.Split(' ')[0]));
        await AssertNothingStoredAsync();
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task CommitContacts_HostileNameOrRole_NamesTheRowAndColumn_AndStoresNothing(HostileString hostile)
    {
        var value = Quoted(hostile.Value);
        var csv = $"consumerKey,email,name,role\nacme,a@acme.example,{value},Dev\nacme,b@acme.example,Bee,{value}\n";

        var result = await import.CommitAsync(environment, ImportKind.Contacts, csv, "editor");

        Assert.StartsWith("name must ", Assert.Single(result.Rows[0].Errors), StringComparison.Ordinal);
        Assert.StartsWith("role must ", Assert.Single(result.Rows[1].Errors), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task CommitConsumers_NonAsciiNamesAndKeys_AreStoredAsSent()
    {
        var result = await import.CommitAsync(environment, ImportKind.Consumers, "key,displayName\nkunde-müller,Müller & Söhne 👩‍💻\n", "editor");

        Assert.False(result.HasErrors);
        await using var db = database.CreateDbContext();
        Assert.Equal("Müller & Söhne 👩‍💻", (await db.Consumers.SingleAsync(c => c.Key == "kunde-müller")).DisplayName);
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task AssertNothingStoredAsync()
    {
        await using var db = database.CreateDbContext();
        Assert.Equal(["acme"], await db.Consumers.Select(c => c.Key).ToListAsync());
        Assert.Equal(["ops@acme.example"], await db.Contacts.Select(c => c.Email).ToListAsync());
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task Preview_UnknownColumn_IsAFileError()
    {
        var preview = await import.PreviewAsync(environment, ImportKind.Consumers, "key,colour\nacme,blue\n");

        Assert.True(preview.HasErrors);
        Assert.Contains("unknown column 'colour'", Assert.Single(preview.FileErrors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitContacts_WithOneInvalidEmail_StoresNothing()
    {
        const string csv = "consumerKey,email,name\nacme,new@acme.example,New Person\nacme,not-an-email,Broken\nnobody,x@y.example,\n";

        var result = await import.CommitAsync(environment, ImportKind.Contacts, csv, "editor");

        Assert.True(result.HasErrors);
        Assert.Contains("email 'not-an-email' is not a valid email address.", result.Rows[1].Errors);
        Assert.Contains("consumerKey 'nobody' is not a consumer of this environment.", result.Rows[2].Errors);
        await using var db = database.CreateDbContext();
        Assert.Equal(["ops@acme.example"], await db.Contacts.Select(c => c.Email).ToListAsync());
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task CommitConsumersThenContacts_AppliesEveryRowAndAuditsOnce()
    {
        var consumers = await import.CommitAsync(environment, ImportKind.Consumers, "key,displayName,tier,tags\nacme,Acme Corp,enterprise,gold; eu\nglobex,Globex,pro,\n", "editor");
        var contacts = await import.CommitAsync(environment, ImportKind.Contacts, "consumerKey,email,role\nglobex,Dev@Globex.example,Tech lead\nacme,ops@acme.example,On call\n", "editor");

        Assert.False(consumers.HasErrors);
        Assert.False(contacts.HasErrors);
        await using var db = database.CreateDbContext();
        var acme = await db.Consumers.Include(c => c.Contacts).SingleAsync(c => c.Key == "acme");
        var globex = await db.Consumers.Include(c => c.Contacts).SingleAsync(c => c.Key == "globex");
        Assert.Equal(("Acme Corp", "enterprise"), (acme.DisplayName, acme.Tier));
        Assert.Equal(["gold", "eu"], acme.Tags);
        Assert.Equal("On call", Assert.Single(acme.Contacts).Role);
        Assert.Equal("dev@globex.example", Assert.Single(globex.Contacts).Email);
        Assert.Equal(["consumers.imported", "contacts.imported"], await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }
}
