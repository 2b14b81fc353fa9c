using Dashboard.Analytics;
using Dashboard.Auditing;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class ConsumerEditingTests : IAsyncLifetime
{
    private AnalyticsDatabase database = null!;
    private ConsumerEditing editing = null!;
    private int consumer;

    public async Task InitializeAsync()
    {
        database = await AnalyticsDatabase.CreateAsync();
        editing = new ConsumerEditing(database, new AuditLog(database.Time), database.Time);
        var environment = await database.AddEnvironmentAsync();
        consumer = await database.AddConsumerAsync(environment, "acme", "ops@acme.example");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AddEditRemoveContact_EachChangeIsAudited()
    {
        Assert.True((await editing.AddContactAsync(consumer, new ContactInput(" CTO@Acme.example ", "Cee", "CTO"), "editor")).IsEmpty);
        await using (var db = database.CreateDbContext())
        {
            var added = await db.Contacts.SingleAsync(c => c.Email == "cto@acme.example");
            Assert.True((await editing.UpdateContactAsync(added.Id, new ContactInput("cto@acme.example", "Cee Tee", "CTO"), "editor")).IsEmpty);
            Assert.True((await editing.RemoveContactAsync(added.Id, "editor")).IsEmpty);
        }

        await using var check = database.CreateDbContext();
        Assert.Equal(["ops@acme.example"], await check.Contacts.Select(c => c.Email).ToListAsync());
        Assert.Equal(["contact.added", "contact.updated", "contact.removed"], await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@a.example, three@b.example")]
    [InlineData("")]
    public async Task AddContact_InvalidEmail_NamesTheFieldAndStoresNothing(string email)
    {
        var result = await editing.AddContactAsync(consumer, new ContactInput(email, null, null), "editor");

        Assert.Equal(["email"], result.Keys);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task AddContact_Duplicate_IsRejected()
    {
        var result = await editing.AddContactAsync(consumer, new ContactInput("OPS@acme.example", null, null), "editor");

        Assert.False(result.IsEmpty);
        Assert.Contains("already a contact", result.For("email"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateProfile_SetsTierOwnerTags()
    {
        var result = await editing.UpdateProfileAsync(consumer, new ConsumerProfileInput("Acme", "Acme Inc", "enterprise", "Partner success", ["gold", " gold ", "eu"]), "editor");

        Assert.True(result.IsEmpty);
        await using var db = database.CreateDbContext();
        var stored = await db.Consumers.SingleAsync();
        Assert.Equal(("enterprise", "Partner success"), (stored.Tier, stored.Owner));
        Assert.Equal(["gold", "eu"], stored.Tags);
        Assert.Equal("consumer.updated", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task UpdateProfile_HostileText_NamesTheFieldAndStoresNothing(HostileString hostile)
    {
        var displayName = await editing.UpdateProfileAsync(consumer, new ConsumerProfileInput(hostile.Value, null, null, null, []), "editor");
        var tag = await editing.UpdateProfileAsync(consumer, new ConsumerProfileInput("Acme", null, null, null, ["gold", hostile.Value]), "editor");

        Assert.Equal(("displayName", "tags"), (Assert.Single(displayName.Keys), Assert.Single(tag.Keys)));
        Assert.StartsWith("Display name must ", displayName.For("displayName"), StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(("ACME", 0), ((await db.Consumers.SingleAsync()).DisplayName, await db.AuditEntries.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task AddContact_HostileNameOrRole_NamesTheFieldAndStoresNothing(HostileString hostile)
    {
        var name = await editing.AddContactAsync(consumer, new ContactInput("new@acme.example", hostile.Value, null), "editor");
        var role = await editing.AddContactAsync(consumer, new ContactInput("new@acme.example", "New", hostile.Value), "editor");

        Assert.Equal(("name", "role"), (Assert.Single(name.Keys), Assert.Single(role.Keys)));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Contacts.CountAsync());
    }
}
