using AngleSharp.Dom;
using Bunit;
using Dashboard.Components.Pages.Settings;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Dashboard.Tests.Unit.Components.Pages.Settings;

public sealed class EnvironmentsSettingsTests : SundialComponentTest
{
    private IRenderedComponent<EnvironmentsSettings> Page { get; set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedEnvironmentAsync();
        SignInAs("admin@example.com", DashboardRoles.Admin);
        Page = RenderWithMud<EnvironmentsSettings>();
        Page.WaitForElement("textarea[data-testid=production-consumerKeyAttributes]");
    }

    private void Save() => Page.Find("[data-testid=save-production]").Click();

    [Fact]
    public async Task BadConsumerAttribute_NamesTheFieldAndTheValue_AndStoresNothing()
    {
        var schemeSelect = Page.FindComponents<MudSelect<VersionScheme>>()[0];
        await schemeSelect.InvokeAsync(() => schemeSelect.Instance.SelectOption(VersionScheme.Date));
        Page.Find("textarea[data-testid=production-consumerKeyAttributes]").Change("api-consumer.key\ntenant id");
        Save();

        Page.WaitForAssertion(() => Assert.Contains(
            "'tenant id' is not an attribute reference",
            Page.Find("textarea[data-testid=production-consumerKeyAttributes]").Closest(".mud-input-control")!.TextContent,
            StringComparison.Ordinal));
        await using var db = Database.CreateContext();
        var stored = await db.Environments.SingleAsync();
        Assert.Equal(VersionScheme.SemVer, stored.ApiVersionScheme);
        Assert.DoesNotContain("tenant id", stored.ConsumerMapping.ConsumerKeyAttributes);
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task EmptyConsumerKeyAttributes_AsksForOneAndStoresNothing()
    {
        Page.Find("textarea[data-testid=production-consumerKeyAttributes]").Change("  \n ");
        Save();

        Page.WaitForAssertion(() => Assert.Contains(
            "Name at least one attribute",
            Page.Find("textarea[data-testid=production-consumerKeyAttributes]").Closest(".mud-input-control")!.TextContent,
            StringComparison.Ordinal));
        await using var db = Database.CreateContext();
        Assert.NotEmpty((await db.Environments.SingleAsync()).ConsumerMapping.ConsumerKeyAttributes);
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task ValidSchemeAndMapping_AreStoredAndAudited()
    {
        var schemeSelect = Page.FindComponents<MudSelect<VersionScheme>>()[0];
        await schemeSelect.InvokeAsync(() => schemeSelect.Instance.SelectOption(VersionScheme.Date));
        Page.Find("textarea[data-testid=production-consumerKeyAttributes]").Change("api-consumer.key, tenantId");
        Save();

        await Page.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.CreateContext();
            var stored = await db.Environments.SingleAsync();
            Assert.Equal(VersionScheme.Date, stored.ApiVersionScheme);
            Assert.Equal(["api-consumer.key", "tenantId"], stored.ConsumerMapping.ConsumerKeyAttributes);
        });
        Assert.DoesNotContain("mud-input-error", Page.Find("textarea[data-testid=production-consumerKeyAttributes]").Closest(".mud-input-control")!.OuterHtml, StringComparison.Ordinal);
        await using var check = Database.CreateContext();
        Assert.Single(await check.AuditEntries.ToListAsync());
    }
}
