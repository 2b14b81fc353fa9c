using Bunit;
using Dashboard.Components.Pages.Account;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit.Components.Pages;

public sealed class SetupPageTests : SundialComponentTest
{
    [Fact]
    public async Task Submit_WithBadEmailShortPasswordAndMismatch_ShowsEachProblemAndCreatesNoUser()
    {
        var setup = Render<Setup>();

        Fill(setup, email: "ada-at-example.com", password: "short", confirmation: "shorter");
        await setup.Find("form").SubmitAsync();

        var messages = ValidationMessages(setup);
        Assert.Contains("Email must be a valid address, like ada@example.com.", messages);
        Assert.Contains("Password must be at least 12 characters long.", messages);
        Assert.Contains("The two passwords do not match.", messages);
        Assert.Equal(0, await CountUsersAsync());
    }

    [Fact]
    public async Task Submit_WithEmptyForm_AsksForEmailAndPassword()
    {
        var setup = Render<Setup>();

        await setup.Find("form").SubmitAsync();

        var messages = ValidationMessages(setup);
        Assert.Contains("Email is required.", messages);
        Assert.Contains("Password is required.", messages);
        Assert.Equal(0, await CountUsersAsync());
    }

    [Fact]
    public async Task Submit_WithPasswordThatBreaksIdentityRules_ShowsTheRuleAndCreatesNothing()
    {
        var setup = Render<Setup>();

        // Long enough for the form, but without a digit or an upper-case letter.
        Fill(setup, email: "ada@example.com", password: "onlylowercaseletters", confirmation: "onlylowercaseletters");
        await setup.Find("form").SubmitAsync();

        var errors = setup.Find("[data-testid=setup-errors]").TextContent;
        Assert.Contains("digit", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("uppercase", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountUsersAsync());
        await using var db = Database.CreateContext();
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    private static void Fill(IRenderedComponent<Setup> setup, string email, string password, string confirmation)
    {
        setup.Find("#email").Change(email);
        setup.Find("#password").Change(password);
        setup.Find("#confirmPassword").Change(confirmation);
    }

    private static List<string> ValidationMessages(IRenderedComponent<Setup> setup) =>
        setup.FindAll(".validation-message").Select(m => m.TextContent.Trim()).ToList();

    private async Task<int> CountUsersAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Users.CountAsync();
    }
}
