using Bunit;
using Dashboard.Components.Pages.Flags;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Components;

/// <summary>A page whose query throws shows what went wrong and a retry instead of ending the viewer's circuit.</summary>
public sealed class PageLoadTests : SundialComponentTest
{
    [Fact]
    public async Task FlagPage_WhenTheQueryFails_ShowsAnErrorAlert_AndRetryLoadsTheFlag()
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var environment = data.Environment("production", isDefault: true);
        var flag = data.Flag(environment, "checkout-v2", legacyVariations: [0]);
        await data.SaveAsync(Database.Factory);
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
        var table = Database.CreateContext().Model.FindEntityType(typeof(Flag))!.GetTableName();
        await RenameTableAsync(table!, table + "_gone");

        var page = RenderWithMud<FlagDetailPage>(p => p.Add(f => f.FlagId, flag.Id));

        page.WaitForAssertion(() => Assert.Contains("Could not load this flag", page.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal));
        await RenameTableAsync(table + "_gone", table!);
        page.Find("[data-testid=load-retry]").Click();
        page.WaitForAssertion(() => Assert.Contains("checkout-v2", page.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=load-error]"));
    }

    private async Task RenameTableAsync(string from, string to)
    {
        await using var db = Database.CreateContext();
#pragma warning disable EF1002 // Table names come from the model, not from input.
        await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{from}\" RENAME TO \"{to}\"");
#pragma warning restore EF1002
    }
}
