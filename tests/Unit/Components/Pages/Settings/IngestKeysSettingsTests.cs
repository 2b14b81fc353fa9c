using AngleSharp.Dom;
using Bunit;
using Dashboard.Components.Pages.Settings;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Components.Pages.Settings;

public sealed class IngestKeysSettingsTests : SundialComponentTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedEnvironmentAsync();
        SignInAs("admin@example.com", DashboardRoles.Admin);
    }

    private IRenderedComponent<IngestKeysSettings> RenderPage()
    {
        var page = RenderWithMud<IngestKeysSettings>();
        page.WaitForElement("[data-testid=api-keys-table]");
        return page;
    }

    private async Task<int> AddApiKeyAsync(string name, string secret, ApiKeyScopes scopes)
    {
        await using var db = Database.CreateContext();
        var environment = await db.Environments.SingleAsync();
        var key = new ApiKey
        {
            Name = name, EnvironmentId = environment.Id, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret),
            Scopes = scopes, CreatedAt = Time.GetUtcNow().UtcDateTime.AddDays(-3), CreatedBy = "setup",
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    }

    private static IElement ApiKeyRow(IRenderedComponent<IngestKeysSettings> page, string name) =>
        page.FindAll("[data-testid=api-keys-table] tbody tr").Single(row => row.QuerySelector("td[data-label=Name]")?.TextContent.Trim() == name);

    [Fact]
    public async Task CreateKey_ShowsTheSecretOnceAndStoresOnlyItsHash()
    {
        var page = RenderPage();

        page.Find("input[data-testid=key-name]").Change("orders-service");
        page.Find("input[data-testid=scope-read], [data-testid=scope-read] input").Change(true);
        page.Find("[data-testid=create-key]").Click();

        page.WaitForElement("[data-testid=new-secret-alert]");
        var secret = page.Find("input[data-testid=new-secret]").GetAttribute("value")!;
        Assert.False(string.IsNullOrWhiteSpace(secret));
        await using var db = Database.CreateContext();
        var stored = await db.ApiKeys.SingleAsync();
        Assert.Equal(("orders-service", ApiKeySecrets.Hash(secret), ApiKeySecrets.DisplayPrefix(secret)), (stored.Name, stored.SecretHash, stored.Prefix));
        Assert.Equal(ApiKeyScopes.Ingest | ApiKeyScopes.Read, stored.Scopes);
        Assert.NotEqual(secret, stored.SecretHash);
        Assert.Equal("api-key.create", (await db.AuditEntries.SingleAsync()).Action);
        page.WaitForAssertion(() => Assert.Contains(stored.Prefix, ApiKeyRow(page, "orders-service").TextContent, StringComparison.Ordinal));

        // "Done" dismisses the alert, and nothing on the page can show the secret again.
        page.FindAll("[data-testid=new-secret-alert] button").Single(b => b.TextContent.Trim() == "Done").Click();
        Assert.Empty(page.FindAll("[data-testid=new-secret-alert]"));
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_WithoutNameOrScope_NamesBothFieldsAndStoresNothing()
    {
        var page = RenderPage();

        page.Find("input[data-testid=scope-ingest], [data-testid=scope-ingest] input").Change(false);
        page.Find("[data-testid=create-key]").Click();

        page.WaitForAssertion(() => Assert.Contains("Choose at least one scope.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Give the key a name that says who uses it.", page.Find("input[data-testid=key-name]").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=new-secret-alert]"));
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.ApiKeys.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task List_ShowsPrefixNameScopesAndStatusButNeverTheHash()
    {
        await AddApiKeyAsync("billing-batch", "sk_billing_0123456789abcdef0123456789", ApiKeyScopes.Policy | ApiKeyScopes.Manage);
        var page = RenderPage();

        var row = page.WaitForElement("[data-testid=api-keys-table] tbody tr td[data-label=Name]").ParentElement!;
        Assert.Equal("billing-batch", row.QuerySelector("td[data-label=Name]")!.TextContent.Trim());
        Assert.Equal(ApiKeySecrets.DisplayPrefix("sk_billing_0123456789abcdef0123456789") + "…", row.QuerySelector("td[data-label=Prefix]")!.TextContent.Trim());
        Assert.Equal(["policy", "manage"], row.QuerySelectorAll("td[data-label=Scopes] .mud-chip").Select(c => c.TextContent.Trim()));
        Assert.Equal("production", row.QuerySelector("td[data-label=Environment]")!.TextContent.Trim());
        Assert.Equal("Active", row.QuerySelector("td[data-label=Status]")!.TextContent.Trim());
        Assert.Equal("never", row.QuerySelector("td[data-label='Last used']")!.TextContent.Trim());
        Assert.DoesNotContain(ApiKeySecrets.Hash("sk_billing_0123456789abcdef0123456789"), page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_AsksFirst_CancelKeepsTheKey_ConfirmSetsRevokedAt()
    {
        var id = await AddApiKeyAsync("legacy-importer", "sk_legacy_0123456789abcdef0123456789", ApiKeyScopes.Ingest);
        var page = RenderPage();
        page.WaitForAssertion(() => ApiKeyRow(page, "legacy-importer"));

        ApiKeyRow(page, "legacy-importer").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("'legacy-importer'", Dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("stops working immediately", Dialogs.Markup, StringComparison.Ordinal);
        await Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        await using (var db = Database.CreateContext())
        {
            Assert.Null((await db.ApiKeys.SingleAsync(k => k.Id == id)).RevokedAt);
        }

        ApiKeyRow(page, "legacy-importer").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        Dialogs.WaitForElement(".mud-dialog");
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").ClickAsync(new());

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            Assert.Equal(Time.GetUtcNow().UtcDateTime, (await db.ApiKeys.SingleAsync(k => k.Id == id)).RevokedAt);
        });
        page.WaitForAssertion(() => Assert.StartsWith("Revoked", ApiKeyRow(page, "legacy-importer").QuerySelector("td[data-label=Status]")!.TextContent.Trim(), StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKeyRow(page, "legacy-importer").QuerySelectorAll("button"), b => b.TextContent.Trim() == "Revoke");
        await using var check = Database.CreateContext();
        Assert.Equal("api-key.revoke", (await check.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task RegisterSdkKey_KeepsOnlyItsHashAndLastFourCharacters_AndRefusesItTwice()
    {
        const string SdkKey = "sdk-3f1c2b9a-77d0-4e1a-9c1e-5b6a7d8e9f01";
        var page = RenderPage();

        page.Find("input[data-testid=sdk-name]").Change("orders LD SDK");
        page.Find("input[data-testid=sdk-key]").Change(SdkKey);
        page.Find("[data-testid=register-sdk-key]").Click();

        var row = page.WaitForElement("[data-testid=sdk-keys-table] tbody tr td[data-label=Key]").ParentElement!;
        Assert.Equal("…9f01", row.QuerySelector("td[data-label=Key]")!.TextContent.Trim());
        Assert.Equal("orders LD SDK", row.QuerySelector("td[data-label=Name]")!.TextContent.Trim());
        Assert.DoesNotContain(SdkKey, page.Markup, StringComparison.Ordinal);
        await using (var db = Database.CreateContext())
        {
            var stored = await db.SdkKeys.SingleAsync();
            Assert.Equal((ApiKeySecrets.Hash(SdkKey), "9f01"), (stored.KeyHash, stored.Suffix));
        }

        page.Find("input[data-testid=sdk-name]").Change("again");
        page.Find("input[data-testid=sdk-key]").Change(SdkKey);
        page.Find("[data-testid=register-sdk-key]").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "This SDK key is already registered.", page.Find("input[data-testid=sdk-key]").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        await using var check = Database.CreateContext();
        Assert.Equal(1, await check.SdkKeys.CountAsync());
    }
}
