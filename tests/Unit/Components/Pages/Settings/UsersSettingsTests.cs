using AngleSharp.Dom;
using Bunit;
using Dashboard.Components.Pages.Settings;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Unit.Components.Pages.Settings;

public sealed class UsersSettingsTests : SundialComponentTest
{
    private const string StrongPassword = "Correct-Horse-42";

    private IRenderedComponent<UsersSettings> Page { get; set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var users = Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await users.CreateAsync("setup", "admin@example.com", "Ada Admin", StrongPassword, [DashboardRoles.Admin]));
        Assert.Empty(await users.CreateAsync("setup", "bob@example.com", "Bob", StrongPassword, [DashboardRoles.Editor]));
        SignInAs("admin@example.com", DashboardRoles.Admin);
        Page = RenderWithMud<UsersSettings>();
        Page.WaitForAssertion(() => Assert.Equal(2, Page.FindAll("[data-testid=users-table] tbody td[data-label=Email]").Count));
    }

    private IElement UserRow(string email) =>
        Page.FindAll("[data-testid=users-table] tbody tr").Single(r => r.QuerySelector("td[data-label=Email]")?.TextContent.Trim() == email);

    private IElement DialogField(string label) =>
        Dialogs.FindAll(".mud-dialog .mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().StartsWith(label, StringComparison.Ordinal) == true);

    private async Task ClickDialogButtonAsync(string text) =>
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());

    private async Task<int> UserCountAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Users.CountAsync();
    }

    private void OpenAddUser(string email, string password)
    {
        Page.Find("[data-testid=add-user]").Click();
        Dialogs.WaitForElement(".mud-dialog");
        DialogField("Email").QuerySelector("input")!.Change(email);
        DialogField("Initial password").QuerySelector("input")!.Change(password);
    }

    [Fact]
    public async Task AddUser_BadEmail_ShowsTheFieldMessageAndStoresNothing()
    {
        OpenAddUser("ada-at-example", StrongPassword);

        await ClickDialogButtonAsync("Create user");

        Dialogs.WaitForAssertion(() => Assert.Contains("Email must be a valid address, like ada@example.com.", DialogField("Email").TextContent, StringComparison.Ordinal));
        Assert.Single(Dialogs.FindAll(".mud-dialog"));
        Assert.Equal(2, await UserCountAsync());
    }

    [Fact]
    public async Task AddUser_WeakPassword_SaysWhatIsMissingAndStoresNothing()
    {
        OpenAddUser("carol@example.com", "short");

        await ClickDialogButtonAsync("Create user");

        var errors = Dialogs.WaitForElement("[data-testid=add-user-errors]").TextContent;
        Assert.Contains("at least 12 characters", errors, StringComparison.Ordinal);
        Assert.Contains("uppercase", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("digit", errors, StringComparison.Ordinal);
        Assert.Equal(2, await UserCountAsync());
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "user.created" && a.Summary!.Contains("carol")));
    }

    [Fact]
    public async Task AddUser_Valid_IsStoredWithTheChosenRoleAndListed()
    {
        OpenAddUser("carol@example.com", StrongPassword);

        await ClickDialogButtonAsync("Create user");

        Page.WaitForAssertion(() => Assert.Contains("Viewer", UserRow("carol@example.com").QuerySelector("td[data-label=Roles]")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(Dialogs.FindAll(".mud-dialog"));
        Assert.Equal(3, await UserCountAsync());
    }

    [Fact]
    public async Task Disable_AsksFirst_CancelKeepsTheUser_ConfirmDisablesAndAudits()
    {
        UserRow("bob@example.com").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Disable").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("bob@example.com will not be able to sign in", Dialogs.Markup, StringComparison.Ordinal));
        await ClickDialogButtonAsync("Cancel");
        await using (var db = Database.CreateContext())
        {
            Assert.False((await db.Users.SingleAsync(u => u.Email == "bob@example.com")).IsDisabled);
        }

        UserRow("bob@example.com").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Disable").Click();
        Dialogs.WaitForElement(".mud-dialog");
        await ClickDialogButtonAsync("Disable");

        Page.WaitForAssertion(() => Assert.Equal("Disabled", UserRow("bob@example.com").QuerySelector("td[data-label=Status]")!.TextContent.Trim()));
        await using var check = Database.CreateContext();
        Assert.True((await check.Users.SingleAsync(u => u.Email == "bob@example.com")).IsDisabled);
        Assert.Equal("admin@example.com", (await check.AuditEntries.SingleAsync(a => a.Action == "user.disabled")).Actor);
    }

    [Fact]
    public async Task Disable_OwnAccount_IsNotOfferedAndTheServiceStillRefusesIt()
    {
        var own = UserRow("admin@example.com").QuerySelector("[data-testid=disable-own-account]")!;

        Assert.True(own.HasAttribute("disabled"));
        Assert.DoesNotContain(UserRow("admin@example.com").QuerySelectorAll("button:not([disabled])"), b => b.TextContent.Trim() == "Disable");
        Assert.Contains(Page.FindComponents<MudTooltip>(), t => t.Instance.Text == "You cannot disable your own account: another admin can.");

        var adminId = (await Services.GetRequiredService<UserAdministration>().ListAsync()).Single(u => u.Email == "admin@example.com").Id;
        Assert.Equal(["You cannot disable your own account."], await Services.GetRequiredService<UserAdministration>().SetDisabledAsync("admin@example.com", adminId, true));
        await using var db = Database.CreateContext();
        Assert.False((await db.Users.SingleAsync(u => u.Email == "admin@example.com")).IsDisabled);
    }

    [Fact]
    public async Task AddUser_OpensWithoutErrors_EvenWhenFocusLeavesTheEmptyEmail_AndCreateFlagsTheEmptyFields()
    {
        Page.Find("[data-testid=add-user]").Click();
        Dialogs.WaitForElement(".mud-dialog");

        DialogField("Email").QuerySelector("input")!.Blur();

        Assert.Empty(Dialogs.FindAll(".mud-dialog .mud-input-error"));
        Assert.DoesNotContain("Email is required.", Dialogs.Markup, StringComparison.Ordinal);

        await ClickDialogButtonAsync("Create user");

        Dialogs.WaitForAssertion(() => Assert.Contains("Email is required.", DialogField("Email").TextContent, StringComparison.Ordinal));
        Assert.Contains("Password is required.", DialogField("Initial password").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await UserCountAsync());
    }
}
