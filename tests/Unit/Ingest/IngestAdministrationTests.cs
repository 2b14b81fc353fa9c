using System.Net;
using Dashboard.Data.Entities;
using Dashboard.Environments;
using Dashboard.Ingest;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Unit.Ingest.IngestRequests;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>Key and environment administration: validation, audit entries, and effect on ingest.</summary>
public sealed class IngestAdministrationTests(IngestAppFactory factory) : IClassFixture<IngestAppFactory>
{
    [Fact]
    public async Task CreateApiKey_StoresOnlyTheHash_AuditsIt_AndTheSecretWorksForIngest()
    {
        var client = await factory.StartAsync();
        var (created, errors) = await Keys().CreateApiKeyAsync("admin@example.com", "orders-service", factory.ProductionId, ApiKeyScopes.Ingest | ApiKeyScopes.Read);

        Assert.Empty(errors);
        await using var db = await factory.CreateDbContextAsync();
        var stored = await db.ApiKeys.SingleAsync(k => k.Id == created!.Id);
        Assert.NotEqual(created!.Secret, stored.SecretHash);
        Assert.DoesNotContain(created.Secret, stored.SecretHash, StringComparison.Ordinal);
        var createdId = created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "api-key.create" && a.EntityId == createdId && a.Actor == "admin@example.com"));
        using var response = await client.SendAsync(Native(created.Secret, Batch(Event())));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task CreateApiKey_WithoutNameOrScopes_NamesEachField()
    {
        await factory.StartAsync();
        var (created, errors) = await Keys().CreateApiKeyAsync("admin", "  ", factory.ProductionId, ApiKeyScopes.None);

        Assert.Null(created);
        Assert.Equal(["name", "scopes"], errors.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public async Task CreateApiKey_WithHostileName_NamesTheFieldAndStoresNothing(HostileString hostile)
    {
        await factory.StartAsync();
        var (created, errors) = await Keys().CreateApiKeyAsync("admin", hostile.Value, factory.ProductionId, ApiKeyScopes.Ingest);

        Assert.Null(created);
        Assert.StartsWith("The name must not contain ", errors.For("name"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForKeys), MemberType = typeof(HostileStrings))]
    public async Task RegisterSdkKey_WithHostileKey_NamesTheFieldAndStoresNothing(HostileString hostile)
    {
        await factory.StartAsync();
        var sdkKey = "sdk-" + hostile.Value + "-1234";
        var name = "look-alike " + hostile.Label;

        var errors = await Keys().RegisterSdkKeyAsync("admin", name, factory.ProductionId, sdkKey);

        Assert.Equal(["sdkKey"], errors.Keys);
        await using var db = await factory.CreateDbContextAsync();
        Assert.False(await db.SdkKeys.AnyAsync(k => k.Name == name));
    }

    [Fact]
    public async Task RegisterSdkKey_Twice_IsRefused_AndRevokingItStopsLaunchDarklyEvents()
    {
        var client = await factory.StartAsync();
        var sdkKey = "sdk-" + Guid.NewGuid();
        Assert.Empty(await Keys().RegisterSdkKeyAsync("admin", "checkout", factory.ProductionId, sdkKey));
        Assert.Equal(["sdkKey"], (await Keys().RegisterSdkKeyAsync("admin", "again", factory.ProductionId, sdkKey)).Keys);
        using (var accepted = await client.SendAsync(LaunchDarklyEvents(sdkKey, "[]")))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await using var db = await factory.CreateDbContextAsync();
        var id = await db.SdkKeys.Where(k => k.Name == "checkout").Select(k => k.Id).SingleAsync();
        Assert.True(await Keys().RevokeSdkKeyAsync("admin", id));

        using var refused = await client.SendAsync(LaunchDarklyEvents(sdkKey, "[]"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "sdk-key.revoke" && a.EntityId == entityId));
    }

    [Fact]
    public async Task UpdateEnvironment_InvalidCandidate_NamesTheFieldAndChangesNothing()
    {
        await factory.StartAsync();
        var mapping = new ConsumerMapping { ConsumerKeyAttributes = ["api consumer.key"] };

        var errors = await Environments().UpdateAsync("admin", factory.PartnerId, VersionScheme.Date, VersionScheme.SemVer, mapping);

        Assert.Equal(["consumerKeyAttributes"], errors.Keys);
        await using var db = await factory.CreateDbContextAsync();
        var stored = await db.Environments.AsNoTracking().SingleAsync(e => e.Id == factory.PartnerId);
        Assert.Equal(new ConsumerMapping().ConsumerKeyAttributes, stored.ConsumerMapping.ConsumerKeyAttributes);
    }

    [Fact]
    public async Task UpdateEnvironment_NewMapping_IsAuditedAndUsedByTheNextLaunchDarklyPayload()
    {
        var client = await factory.StartAsync();
        var sdkKey = "sdk-" + Guid.NewGuid();
        Assert.Empty(await Keys().RegisterSdkKeyAsync("admin", "partner sdk", factory.PartnerId, sdkKey));
        var mapping = new ConsumerMapping
        {
            ConsumerKeyAttributes = ["org.key"], ApiVersionAttributes = ["org.apiDate"], ClientTypeAttributes = ["channel"], ClientVersionAttributes = [],
        };

        Assert.Empty(await Environments().UpdateAsync("admin", factory.PartnerId, VersionScheme.Date, VersionScheme.SemVer, mapping));
        var now = IngestAppFactory.Now.ToUnixTimeMilliseconds();
        var payload = $$$$"""
            [{"kind":"feature","creationDate":{{{{now}}}},"key":"partner-schema","variation":0,"value":"old",
              "context":{"kind":"multi","org":{"key":"initech","apiDate":"2023-11-01"},"device":{"key":"d1","channel":"batch"}}}]
            """;
        using var response = await client.SendAsync(LaunchDarklyEvents(sdkKey, payload));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        var rollup = await db.EvaluationRollups.AsNoTracking()
            .Where(r => r.EnvironmentId == factory.PartnerId && db.Consumers.Any(c => c.Id == r.ConsumerId && c.Key == "initech"))
            .Select(r => new { r.ApiVersion, r.ApiVersionStatus, r.ClientType })
            .SingleAsync();
        Assert.Equal(new { ApiVersion = "2023-11-01", ApiVersionStatus = VersionStatus.Valid, ClientType = "batch" }, rollup);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "environment.update" && a.EntityId == "partner-api"));
    }

    private IngestKeyAdministration Keys() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<IngestKeyAdministration>();

    private EnvironmentAdministration Environments() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<EnvironmentAdministration>();
}
